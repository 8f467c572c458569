/** A task: one sub-topology and one partition number (Kafka Streams' `TaskId`, printed `0_1`). */
export class TaskId {
  constructor(
    readonly subtopology: number,
    readonly partition: number,
    readonly topologyName?: string,
  ) {}

  toString(): string {
    return this.topologyName ? `${this.topologyName}__${this.subtopology}_${this.partition}` : `${this.subtopology}_${this.partition}`;
  }

  equals(other: TaskId): boolean {
    return this.subtopology === other.subtopology && this.partition === other.partition && this.topologyName === other.topologyName;
  }

  static parse(text: string): TaskId {
    const m = /^(?:(.+)__)?(\d+)_(\d+)$/.exec(text);
    if (!m) throw new Error(`not a task id: ${text}`);
    return new TaskId(Number(m[2]), Number(m[3]), m[1]);
  }
}
