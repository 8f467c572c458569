// Pattern sources (`builder.stream(/regex/)`) in the runtime: the topics a pattern matches are read from
// the cluster's metadata at start and again every `metadata.max.age.ms`. When the matched set changes,
// the topology metadata the assignor plans tasks from is updated and the stream threads subscribe to
// the new topic set, which rebalances the group: topics created later get tasks like the others.
import type { Admin } from '../../../client/index.js';
import type { SubtopologyTopics, TopologyMetadata } from '../../assignment/index.js';

/** source node name -> the topics its pattern matches now (sorted) */
export type PatternMatches = ReadonlyMap<string, readonly string[]>;

/** the topology metadata of a running instance: the assignor reads it at each rebalance, so it can change */
export class LiveTopologyMetadata implements TopologyMetadata {
  constructor(private current: TopologyMetadata) {}

  get subtopologies(): ReadonlyMap<number, SubtopologyTopics> {
    return this.current.subtopologies;
  }

  get copartitionGroups(): readonly ReadonlySet<string>[] {
    return this.current.copartitionGroups;
  }

  update(next: TopologyMetadata): void {
    this.current = next;
  }
}

export interface PatternSubscriptionOptions {
  /** the pattern sources by node name */
  patterns: ReadonlyMap<string, RegExp>;
  admin: Admin;
  /** topics of this application (`<application.id>-…`, its repartition and changelog topics) never match */
  applicationId: string;
  /** how often the topic list is read again (`metadata.max.age.ms`) */
  refreshIntervalMs: number;
}

export class PatternSubscription {
  private matches: PatternMatches = new Map();
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private readonly matchers: Array<[string, RegExp]>;

  constructor(private readonly options: PatternSubscriptionOptions) {
    // a pattern matches whole topic names, as Java's Pattern.matcher(topic).matches()
    this.matchers = [...options.patterns].map(([node, p]) => [node, new RegExp(`^(?:${p.source})$`, p.flags.replace(/[gy]/g, ''))]);
  }

  get enabled(): boolean {
    return this.matchers.length > 0;
  }

  /** reads the topic list and returns what each pattern matches (also remembered as the current matches) */
  async resolve(): Promise<PatternMatches> {
    if (!this.enabled) return this.matches;
    const topics = (await this.options.admin.listTopics()).filter((t) => !t.startsWith(`${this.options.applicationId}-`)).sort();
    const next = new Map<string, string[]>();
    for (const [node, re] of this.matchers) next.set(node, topics.filter((t) => re.test(t)));
    this.matches = next;
    return next;
  }

  /** checks the topic list every refresh interval; `onChange` runs when a pattern matches other topics */
  start(onChange: (matches: PatternMatches) => Promise<void>): void {
    if (!this.enabled || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.refresh(onChange), this.options.refreshIntervalMs);
    this.timer.unref();
  }

  private async refresh(onChange: (matches: PatternMatches) => Promise<void>): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const before = this.matches;
      const next = await this.resolve();
      if (!sameMatches(before, next)) await onChange(next);
    } catch {
      // metadata unavailable for a moment: the next refresh tries again
    } finally {
      this.refreshing = false;
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function sameMatches(a: PatternMatches, b: PatternMatches): boolean {
  if (a.size !== b.size) return false;
  for (const [node, topics] of a) {
    const other = b.get(node);
    if (other === undefined || other.length !== topics.length || other.some((t, i) => t !== topics[i])) return false;
  }
  return true;
}
