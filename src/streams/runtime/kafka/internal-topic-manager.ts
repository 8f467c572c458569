// Creates the application's repartition and changelog topics through the admin client, and reads the
// partition counts of the topics the application uses.
import type { Admin } from '../../../client/index.js';
import type { InternalTopicSpec } from '../../assignment/index.js';

const TOPIC_ALREADY_EXISTS = 36;

export class InternalTopicManager {
  constructor(
    private readonly admin: Admin,
    private readonly replicationFactor: number,
  ) {}

  /** partition counts of those of `topics` that exist */
  async partitionCounts(topics: Iterable<string>): Promise<Map<string, number>> {
    const wanted = new Set(topics);
    const existing = (await this.admin.listTopics()).filter((t) => wanted.has(t));
    const counts = new Map<string, number>();
    if (existing.length === 0) return counts;
    for (const info of await this.admin.describeTopics(existing)) counts.set(info.name, info.partitions.length);
    return counts;
  }

  /** Creates the missing internal topics; returns the names it created. Existing ones are left as they are. */
  async ensure(specs: readonly InternalTopicSpec[]): Promise<string[]> {
    const existing = await this.partitionCounts(specs.map((s) => s.name));
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return [];
    try {
      await this.admin.createTopics(
        missing.map((s) => ({ name: s.name, numPartitions: s.partitions, replicationFactor: this.replicationFactor, configs: { ...s.config } })),
      );
    } catch (e) {
      // another instance created them meanwhile
      if ((e as { errorCode?: number }).errorCode !== TOPIC_ALREADY_EXISTS) throw e;
    }
    return missing.map((s) => s.name);
  }
}
