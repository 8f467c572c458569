/** What drives a punctuator: the task's stream time, or the wall clock. */
export enum PunctuationType {
  STREAM_TIME = 'STREAM_TIME',
  WALL_CLOCK_TIME = 'WALL_CLOCK_TIME',
}

/** Called with the time (stream or wall clock, per its type) at which it fires. */
export type Punctuator = (timestamp: number) => void;

/** Returned by `schedule`: cancels the punctuation. */
export interface Cancellable {
  cancel(): void;
}
