import type { Record } from '../processor/record.js';
import type { Processor, FixedKeyProcessor } from '../processor/processor.js';
import type { FixedKeyProcessorContext } from '../processor/processor-context.js';
import { StreamsError } from '../errors/streams-error.js';
import type { ProcessorContextImpl } from './processor-context-impl.js';
import { NodeContext } from './node-context.js';

export type AnyProcessor = Processor<unknown, unknown, unknown, unknown>;
export type AnyFixedKeyProcessor = FixedKeyProcessor<unknown, unknown, unknown>;

/** How a processor node gets its processor: a fresh instance per task. */
export type NodeProcessorSupplier =
  | { readonly fixedKey: false; readonly get: () => AnyProcessor }
  | { readonly fixedKey: true; readonly get: () => AnyFixedKeyProcessor };

/**
 * A node of a task's processor graph (Kafka Streams' `ProcessorNode`): runs one processor and
 * knows its children and connected stores. Sources and sinks are subclasses.
 */
export class ProcessorNode {
  readonly children: ProcessorNode[] = [];
  private readonly childrenByName = new Map<string, ProcessorNode>();
  /** the context handed to this node's processor; set by `init` */
  context: NodeContext | undefined;
  private processor: AnyProcessor | AnyFixedKeyProcessor | null = null;

  constructor(
    readonly name: string,
    readonly stateStores: ReadonlySet<string> = new Set(),
    private readonly supplier?: NodeProcessorSupplier,
  ) {}

  addChild(child: ProcessorNode): void {
    if (this.childrenByName.has(child.name)) return;
    this.children.push(child);
    this.childrenByName.set(child.name, child);
  }

  child(name: string): ProcessorNode | undefined {
    return this.childrenByName.get(name);
  }

  isTerminal(): boolean {
    return this.children.length === 0;
  }

  init(task: ProcessorContextImpl): void {
    const context = new NodeContext(task, this);
    this.context = context;
    if (this.supplier === undefined) return;
    const processor = this.supplier.get();
    this.processor = processor;
    try {
      if (this.supplier.fixedKey) {
        (processor as AnyFixedKeyProcessor).init?.(context as unknown as FixedKeyProcessorContext<unknown, unknown>);
      } else {
        (processor as AnyProcessor).init?.(context);
      }
    } catch (cause) {
      throw new StreamsError(`failed to initialize processor ${this.name}`, { code: 'PROCESSOR_INIT', cause });
    }
  }

  process(record: Record<unknown, unknown>): void {
    // a FixedKeyRecord is a Record at run time
    (this.processor as AnyProcessor).process(record);
  }

  close(): void {
    try {
      this.processor?.close?.();
    } catch (cause) {
      throw new StreamsError(`failed to close processor ${this.name}`, { code: 'PROCESSOR_CLOSE', cause });
    }
  }
}
