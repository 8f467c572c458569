// Window objects of the vector format (README section 2.2) and the sink-only windowed key serializer.
import type { Serializer } from '../../src/streams/serdes/serde.js';
import { TimeWindows } from '../../src/streams/kstream/time-windows.js';
import { SlidingWindows } from '../../src/streams/kstream/sliding-windows.js';
import { SessionWindows } from '../../src/streams/kstream/session-windows.js';
import type { WindowedKey } from '../../src/streams/kstream/internals/windowing/window-spec.js';

export type WindowKind = 'tumbling' | 'hopping' | 'sliding' | 'session';

export function buildWindows(
  w: Record<string, number | string>,
): { kind: 'tumbling' | 'hopping'; windows: TimeWindows } | { kind: 'sliding'; windows: SlidingWindows } | { kind: 'session'; windows: SessionWindows } {
  const grace = (w.grace as number | undefined) ?? 0;
  switch (w.type) {
    case 'tumbling':
      return { kind: 'tumbling', windows: TimeWindows.ofSizeAndGrace(w.size as number, grace) };
    case 'hopping':
      return { kind: 'hopping', windows: TimeWindows.ofSizeAndGrace(w.size as number, grace).advanceBy(w.advance as number) };
    case 'sliding':
      return { kind: 'sliding', windows: SlidingWindows.ofTimeDifferenceAndGrace(w.timeDifference as number, grace) };
    case 'session':
      return { kind: 'session', windows: SessionWindows.ofInactivityGapAndGrace(w.inactivityGap as number, grace) };
    default:
      throw new Error(`unknown window type ${String(w.type)}`);
  }
}

const MARK = '\u0000windowed:';

/** Writes a windowed key as text that `decodeOutputKey` reads back into `{key, start, end}`. */
export const windowedKeySinkSerializer: Serializer<WindowedKey<string | null>> = {
  serialize: (_topic, data) => (data === null || data === undefined ? null : Buffer.from(MARK + JSON.stringify({ key: data.key, start: data.window.start, end: data.window.end }), 'utf8')),
};

export type OutputKey = string | null | { key: string; start: number; end: number };

export function decodeOutputKey(bytes: Buffer | null): OutputKey {
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  if (text.startsWith(MARK)) return JSON.parse(text.slice(MARK.length)) as OutputKey;
  return text;
}
