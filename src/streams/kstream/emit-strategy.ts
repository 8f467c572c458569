/**
 * When a windowed aggregation emits (Kafka Streams' `EmitStrategy`): on every update of a window
 * (the default), or once per window when it closes (stream time >= window end + grace), with its
 * final value. `onWindowClose` also accepts `wallClockCloseMs` (kstreams only, opt-in): windows
 * also close when that much wall-clock time has passed since stream time last advanced, so that an
 * idle stream still emits its final results.
 */
export type EmitStrategy = { readonly type: 'onWindowUpdate' } | { readonly type: 'onWindowClose'; readonly wallClockCloseMs?: number };

export const EmitStrategy = {
  onWindowUpdate(): EmitStrategy {
    return { type: 'onWindowUpdate' };
  },
  onWindowClose(options: { wallClockCloseMs?: number } = {}): EmitStrategy {
    return { type: 'onWindowClose', ...options };
  },
};
