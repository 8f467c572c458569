// A timer whose tasks are named by a key: scheduling a key again replaces its task, cancel drops it.
// The coordinators take one as an option so tests drive time by hand (ManualTimer) while the broker
// uses real timers (SystemTimer). Tasks run synchronously from the timer, one at a time.

export interface KeyedTimer {
  /** Current time in milliseconds (epoch based for SystemTimer). */
  now(): number;
  schedule(key: string, delayMs: number, task: () => void): void;
  cancel(key: string): void;
  /** Stops every pending task (broker shutdown). */
  close(): void;
}

/** Real time: one unref'd setTimeout per key, so pending timers never keep the process alive. */
export class SystemTimer implements KeyedTimer {
  private readonly handles = new Map<string, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  schedule(key: string, delayMs: number, task: () => void): void {
    this.cancel(key);
    const handle = setTimeout(() => {
      if (this.handles.get(key) === handle) this.handles.delete(key);
      task();
    }, Math.max(0, delayMs));
    handle.unref();
    this.handles.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.handles.get(key);
    if (handle !== undefined) {
      clearTimeout(handle);
      this.handles.delete(key);
    }
  }

  close(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}

interface ManualTask {
  readonly deadline: number;
  readonly seq: number;
  readonly task: () => void;
}

/** Virtual time for tests: nothing runs until advance() moves the clock past a deadline. */
export class ManualTimer implements KeyedTimer {
  private time: number;
  private seq = 0;
  private readonly tasks = new Map<string, ManualTask>();

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(key: string, delayMs: number, task: () => void): void {
    this.tasks.set(key, { deadline: this.time + Math.max(0, delayMs), seq: this.seq++, task });
  }

  cancel(key: string): void {
    this.tasks.delete(key);
  }

  close(): void {
    this.tasks.clear();
  }

  /** Keys of the pending tasks (for assertions). */
  pending(): string[] {
    return [...this.tasks.keys()];
  }

  /** Moves time forward by ms, running due tasks in deadline order (tasks may schedule more). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let nextKey: string | undefined;
      let next: ManualTask | undefined;
      for (const [key, t] of this.tasks) {
        if (t.deadline > target) continue;
        if (next === undefined || t.deadline < next.deadline || (t.deadline === next.deadline && t.seq < next.seq)) {
          next = t;
          nextKey = key;
        }
      }
      if (next === undefined || nextKey === undefined) break;
      this.tasks.delete(nextKey);
      this.time = Math.max(this.time, next.deadline);
      next.task();
    }
    this.time = target;
  }
}
