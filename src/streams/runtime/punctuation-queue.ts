import type { Cancellable, PunctuationType, Punctuator } from '../processor/punctuation.js';
import { JavaPriorityQueue } from '../internals/java-priority-queue.js';
import type { ProcessorNode } from './processor-node.js';

/** One scheduled punctuation: fires at `timestamp`, then every `interval` after it. */
export class PunctuationSchedule implements Cancellable {
  cancelled = false;

  constructor(
    readonly node: ProcessorNode,
    public timestamp: number,
    readonly interval: number,
    readonly punctuator: Punctuator,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  /** moves to the next due time after `now`, skipping intervals that were missed (as Kafka does) */
  advance(now: number): void {
    let next = this.timestamp + this.interval;
    if (now >= next) {
      const missed = Math.floor((now - this.timestamp) / this.interval);
      next = this.timestamp + (missed + 1) * this.interval;
    }
    this.timestamp = next;
  }
}

export type NodePunctuator = (node: ProcessorNode, timestamp: number, type: PunctuationType, punctuator: Punctuator) => void;

/** Punctuations of one kind (stream time or wall clock), ordered by due time (Kafka's `PunctuationQueue`). */
export class PunctuationQueue {
  private readonly queue = new JavaPriorityQueue<PunctuationSchedule>((a, b) => a.timestamp - b.timestamp);

  schedule(schedule: PunctuationSchedule): Cancellable {
    this.queue.offer(schedule);
    return schedule;
  }

  /** fires every schedule due at `timestamp`; returns whether any fired */
  maybePunctuate(timestamp: number, type: PunctuationType, punctuate: NodePunctuator): boolean {
    let punctuated = false;
    let top = this.queue.peek();
    while (top !== undefined && top.timestamp <= timestamp) {
      const sched = this.queue.poll()!;
      if (!sched.cancelled) {
        punctuate(sched.node, timestamp, type, sched.punctuator);
        if (!sched.cancelled) {
          sched.advance(timestamp);
          this.queue.offer(sched);
        }
        punctuated = true;
      }
      top = this.queue.peek();
    }
    return punctuated;
  }

  canPunctuate(timestamp: number): boolean {
    let top = this.queue.peek();
    while (top !== undefined && top.timestamp <= timestamp) {
      if (!top.cancelled) return true;
      this.queue.poll();
      top = this.queue.peek();
    }
    return false;
  }

  clear(): void {
    this.queue.clear();
  }
}
