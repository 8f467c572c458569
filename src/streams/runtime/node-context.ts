import type { Record } from '../processor/record.js';
import type { RecordMetadata, ProcessorContext } from '../processor/processor-context.js';
import type { Cancellable, PunctuationType, Punctuator } from '../processor/punctuation.js';
import type { StateStore } from '../processor/state-store.js';
import type { TaskId } from '../processor/task-id.js';
import type { Serde } from '../serdes/serde.js';
import type { ProcessorContextImpl } from './processor-context-impl.js';
import type { ProcessorNode } from './processor-node.js';

/**
 * The `ProcessorContext` one processor node receives in `init`: the task context seen from that
 * node (forward goes to its children, only its connected stores are reachable, punctuations run as
 * that node). Also serves as the `FixedKeyProcessorContext` (same behaviour, narrower types).
 */
export class NodeContext implements ProcessorContext<unknown, unknown> {
  constructor(
    readonly task: ProcessorContextImpl,
    readonly node: ProcessorNode,
  ) {}

  get applicationId(): string {
    return this.task.applicationId;
  }
  get taskId(): TaskId {
    return this.task.taskId;
  }
  get appConfigs(): Readonly<globalThis.Record<string, unknown>> {
    return this.task.appConfigs;
  }
  get stateDir(): string {
    return this.task.stateDir;
  }
  get keySerde(): Serde<unknown> | undefined {
    return this.task.keySerde;
  }
  get valueSerde(): Serde<unknown> | undefined {
    return this.task.valueSerde;
  }

  recordMetadata(): RecordMetadata | null {
    const rc = this.task.recordContext();
    if (rc === null || rc.topic === null) return null;
    return { topic: rc.topic, partition: rc.partition, offset: rc.offset };
  }

  currentStreamTimeMs(): number {
    return this.task.currentStreamTimeMs();
  }

  currentSystemTimeMs(): number {
    return this.task.currentSystemTimeMs();
  }

  getStateStore<S extends StateStore>(name: string): S {
    return this.task.getStateStore<S>(this.node, name);
  }

  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    return this.task.schedule(this.node, intervalMs, type, punctuator);
  }

  commit(): void {
    this.task.requestCommit();
  }

  forward<K, V>(record: Record<K, V>, childName?: string): void {
    this.task.forward(this.node, record as Record<unknown, unknown>, childName);
  }
}
