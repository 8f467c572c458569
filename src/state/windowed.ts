/**
 * The window types the stores need. The streams layer (`src/streams/kstream/windowed.ts`) defines
 * the classes (`Window`, `TimeWindow`, `SessionWindow`, `Windowed`); these interfaces are their
 * shape, so the stores do not depend on the DSL and the DSL's classes are accepted as they are.
 */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

export interface WindowedKey<K> {
  readonly key: K;
  readonly window: WindowBounds;
}

/** Makes the windowed keys a store returns; the DSL passes its `Windowed`/`TimeWindow` classes. */
export type WindowedKeyFactory = <K>(key: K, start: number, end: number) => WindowedKey<K>;

export const plainWindowedKey: WindowedKeyFactory = (key, start, end) => ({ key, window: { start, end } });
