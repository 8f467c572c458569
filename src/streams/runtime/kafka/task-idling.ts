// `max.task.idle.ms` in the stream thread (KIP-695): a task reading several partitions processes only
// when each of them has buffered records, or is known to be caught up (the consumer's lag from its last
// fetch is 0) and has been empty for max.task.idle.ms of wall-clock time. The engine's PartitionGroup
// decides per record; this file feeds it the consumer's lags and keeps the thread's loop from
// deadlocking or spinning while a task waits.
import type { Consumer, TopicPartition } from '../../../client/index.js';
import type { StreamTask } from '../stream-task.js';

/** how long the thread's poll waits while a task idles for data on an empty partition */
export const IDLE_POLL_MS = 10;

export interface IdlingTask {
  readonly task: StreamTask;
  readonly partitions: readonly TopicPartition[];
  readonly restoring: boolean;
  paused: boolean;
}

export class TaskIdling {
  constructor(
    private readonly consumer: Consumer,
    private readonly maxTaskIdleMs: number,
  ) {}

  get enabled(): boolean {
    return this.maxTaskIdleMs >= 0;
  }

  /** tells each multi-partition task what the consumer knows about its partitions' lags (after a poll) */
  updateLags(tasks: Iterable<IdlingTask>): void {
    if (!this.enabled) return;
    const lagOf = (tp: TopicPartition): number | undefined => this.consumer.currentLag(tp);
    for (const e of tasks) if (!e.restoring && e.partitions.length > 1) e.task.updateLags(lagOf);
  }

  /**
   * A task that waits for an empty partition whose lag is unknown or positive needs that partition
   * fetched: when backpressure paused the task, its partitions not known to be caught up are resumed
   * (the full ones are paused again by the next `addRecords`).
   */
  unblock(e: IdlingTask): void {
    if (!this.enabled || !e.paused || e.partitions.length < 2) return;
    const behind = e.partitions.filter((tp) => this.consumer.currentLag(tp) !== 0);
    if (behind.length === 0) return;
    this.consumer.resume(behind);
    e.paused = false;
  }

  /** the thread's poll timeout: short while a task holds records it may not process yet, so it rechecks soon */
  pollTimeout(tasks: Iterable<IdlingTask>, pollMs: number, now: number): number {
    let waiting = false;
    for (const e of tasks) {
      if (e.restoring || !e.task.hasRecordsQueued()) continue;
      if (e.task.isProcessable(now)) return 0;
      waiting = true;
    }
    return waiting ? Math.min(pollMs, IDLE_POLL_MS) : pollMs;
  }
}
