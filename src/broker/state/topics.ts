// The topics of the broker: names, ids, partitions and config overrides. In disk mode the list is kept
// in `<dataDir>/topics.json` (rewritten atomically on each change) and each partition's log lives in
// `<dataDir>/<topic>-<partition>/`.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUuid } from '../../protocol/index.js';
import { TopicConfig, checkTopicConfig } from '../config/topic-config.js';
import { DiskLog } from '../log/disk-log.js';
import { MemoryLog } from '../log/memory-log.js';
import type { FsyncPolicy, LogSettings, PartitionLog } from '../log/partition-log.js';
import { Partition } from './partition.js';

export class Topic {
  constructor(
    readonly name: string,
    readonly id: string,
    readonly partitions: Partition[],
    readonly config: TopicConfig,
  ) {}
  readonly internal = false;
}

export interface TopicStoreOptions {
  /** Absent: memory. */
  readonly dataDir?: string;
  readonly fsync: FsyncPolicy;
  readonly log: (message: string) => void;
}

interface SavedTopic {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
}

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

/** Why `name` cannot be a topic name, or undefined. */
export function checkTopicName(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name cannot be "${name}"`;
  if (name.length > 249) return 'topic name is longer than 249 characters';
  if (!LEGAL_NAME.test(name)) return `topic name ${name} contains characters other than [a-zA-Z0-9._-]`;
  return undefined;
}

export class TopicManager {
  private readonly byName = new Map<string, Topic>();
  private readonly byId = new Map<string, Topic>();

  constructor(private readonly options: TopicStoreOptions) {
    if (options.dataDir) this.load(options.dataDir);
  }

  get(name: string): Topic | undefined {
    return this.byName.get(name);
  }

  getById(id: string): Topic | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<Topic> {
    return this.byName.values();
  }

  /** Creates a topic; the caller has validated name, count and configs. */
  create(name: string, partitions: number, configs: Map<string, string>): Topic {
    const topic = new Topic(name, randomUuid(), [], new TopicConfig(configs));
    for (let p = 0; p < partitions; p++) topic.partitions.push(this.openPartition(topic, p));
    this.byName.set(name, topic);
    this.byId.set(topic.id, topic);
    this.save();
    return topic;
  }

  delete(topic: Topic): void {
    for (const p of topic.partitions) p.log.destroy();
    this.byName.delete(topic.name);
    this.byId.delete(topic.id);
    this.save();
  }

  addPartitions(topic: Topic, total: number): void {
    for (let p = topic.partitions.length; p < total; p++) topic.partitions.push(this.openPartition(topic, p));
    this.save();
  }

  /** Replaces the config overrides of a topic (values already validated). */
  setConfigs(topic: Topic, overrides: Map<string, string>): void {
    topic.config.overrides.clear();
    for (const [k, v] of overrides) topic.config.overrides.set(k, v);
    for (const p of topic.partitions) if (p.log instanceof DiskLog) p.log.settings = logSettings(topic.config);
    this.save();
  }

  /** Syncs logs with unsynced appends (the `interval` fsync policy calls this on a timer). */
  flushAll(): void {
    for (const t of this.byName.values()) for (const p of t.partitions) p.log.flush();
  }

  close(): void {
    for (const t of this.byName.values()) for (const p of t.partitions) p.log.close();
  }

  private openPartition(topic: Topic, index: number): Partition {
    let log: PartitionLog;
    if (this.options.dataDir) {
      log = new DiskLog({
        dir: join(this.options.dataDir, `${topic.name}-${index}`),
        settings: logSettings(topic.config),
        fsync: this.options.fsync,
        onRecovery: (r) => this.options.log(`recovery: truncated ${r.truncatedBytes} bytes from ${r.segment} (${r.reason ?? 'torn tail'})`),
      });
    } else log = new MemoryLog();
    return new Partition(topic.name, index, log);
  }

  private load(dataDir: string): void {
    const file = join(dataDir, 'topics.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedTopic[];
    for (const s of saved) {
      const configs = new Map<string, string>();
      for (const [k, v] of Object.entries(s.configs)) if (checkTopicConfig(k, v) === undefined) configs.set(k, v);
      const topic = new Topic(s.name, s.id, [], new TopicConfig(configs));
      for (let p = 0; p < s.partitions; p++) topic.partitions.push(this.openPartition(topic, p));
      this.byName.set(topic.name, topic);
      this.byId.set(topic.id, topic);
    }
  }

  private save(): void {
    const dataDir = this.options.dataDir;
    if (!dataDir) return;
    const saved: SavedTopic[] = [...this.byName.values()].map((t) => ({
      name: t.name,
      id: t.id,
      partitions: t.partitions.length,
      configs: Object.fromEntries(t.config.overrides),
    }));
    const file = join(dataDir, 'topics.json');
    writeFileSync(file + '.tmp', JSON.stringify(saved, null, 1));
    renameSync(file + '.tmp', file);
  }
}

export function logSettings(config: TopicConfig): LogSettings {
  return {
    segmentBytes: config.number('segment.bytes'),
    segmentMs: config.number('segment.ms'),
    indexIntervalBytes: config.number('index.interval.bytes'),
  };
}
