// Runs one vector (README sections 5-7): build, replay events, collect outputs per event, compare
// outputs and stores exactly, and compare describe() when both sides have one.

import { buildVector, UnsupportedOperationError, type BuiltVector, type ValueType } from './interpreter.js';
import type { ExpectedOutput, OutKey, Vector } from './vector.js';

/** What the runner needs from a test driver. */
export interface VectorDriver {
  pipe(topic: string, key: string | null, value: string | null, timestamp: number): void;
  advanceWallClock(ms: number): void;
  /** drains the records written to an output topic since the last call */
  readOutput(topic: string, valueType: ValueType, windowedKeys: boolean): { key: OutKey; value: string | number | null; timestamp: number }[];
  /** the store's contents, as getTimestampedKeyValueStore(name).all() reads them */
  readKeyValueStore(name: string, valueType: ValueType): { key: string; value: string | number | null; timestamp: number }[];
  /** a window store's contents, as getTimestampedWindowStore(name).all() reads them */
  readWindowStore(name: string, valueType: ValueType): { key: OutKey; value: string | number | null; timestamp: number }[];
  /** a session store's contents (fetch over all keys); sessions have no timestamp */
  readSessionStore(name: string, valueType: ValueType): { key: OutKey; value: string | number | null; timestamp?: undefined }[];
  describe(): string | undefined;
  close(): void;
}

export type DriverFactory = (built: BuiltVector, vector: Vector) => VectorDriver;

export type VectorResult =
  | { status: 'passed'; describe: 'match' | 'mismatch' | 'absent'; describeDiff?: string }
  | { status: 'failed'; reason: string; describe: 'match' | 'mismatch' | 'absent'; describeDiff?: string }
  | { status: 'skipped'; operation: string };

type Row = Omit<ExpectedOutput, 'headers'>;

function rowText(r: Row): string {
  return JSON.stringify({ afterEvent: r.afterEvent, topic: r.topic, key: r.key, value: r.value, ts: r.ts });
}

/** a line diff of two lists (common prefix/suffix, then - and + lines) */
export function diffLines(expected: string[], actual: string[]): string {
  let start = 0;
  while (start < expected.length && start < actual.length && expected[start] === actual[start]) start++;
  let endE = expected.length;
  let endA = actual.length;
  while (endE > start && endA > start && expected[endE - 1] === actual[endA - 1]) {
    endE--;
    endA--;
  }
  const lines: string[] = [];
  if (start > 0) lines.push(`  ... ${start} equal line(s)`);
  for (let i = start; i < endE; i++) lines.push(`- ${expected[i]}`);
  for (let i = start; i < endA; i++) lines.push(`+ ${actual[i]}`);
  if (endE < expected.length) lines.push(`  ... ${expected.length - endE} equal line(s)`);
  return lines.join('\n');
}

function sortWithinEvent(rows: Row[]): Row[] {
  // by afterEvent, then topic; production order within a topic (a stable sort keeps it)
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.afterEvent - b.r.afterEvent || (a.r.topic < b.r.topic ? -1 : a.r.topic > b.r.topic ? 1 : 0) || a.i - b.i)
    .map((x) => x.r);
}

export function runVector(vector: Vector, makeDriver: DriverFactory): VectorResult {
  let built: BuiltVector;
  try {
    built = buildVector(vector);
  } catch (e) {
    if (e instanceof UnsupportedOperationError) return { status: 'skipped', operation: e.operation };
    return { status: 'failed', reason: `building the topology failed: ${(e as Error).stack ?? String(e)}`, describe: 'absent' };
  }
  let driver: VectorDriver;
  try {
    driver = makeDriver(built, vector);
  } catch (e) {
    if (e instanceof UnsupportedOperationError) return { status: 'skipped', operation: e.operation };
    return { status: 'failed', reason: `creating the driver failed: ${(e as Error).stack ?? String(e)}`, describe: 'absent' };
  }
  let describe: 'match' | 'mismatch' | 'absent' = 'absent';
  let describeDiff: string | undefined;
  try {
    const actualDescribe = driver.describe();
    if (vector.describe !== undefined && actualDescribe !== undefined) {
      describe = actualDescribe === vector.describe ? 'match' : 'mismatch';
      if (describe === 'mismatch') describeDiff = diffLines(vector.describe.split('\n'), actualDescribe.split('\n'));
    }
    const outputs: Row[] = [];
    const topics = [...built.outputTopics.keys()].sort();
    vector.events.forEach((event, index) => {
      if ('pipe' in event) driver.pipe(event.pipe, event.key, event.value, event.ts);
      else driver.advanceWallClock(event.advanceWallClockMs);
      for (const topic of topics) {
        for (const r of driver.readOutput(topic, built.outputTopics.get(topic)!, built.windowedOutputTopics.has(topic))) {
          outputs.push({ afterEvent: index, topic, key: r.key, value: r.value, ts: r.timestamp });
        }
      }
    });
    const expected = sortWithinEvent(vector.expected.outputs).map(rowText);
    const actual = sortWithinEvent(outputs).map(rowText);
    const problems: string[] = [];
    if (expected.join('\n') !== actual.join('\n')) problems.push(`outputs differ (- expected, + actual):\n${diffLines(expected, actual)}`);
    for (const [name, store] of Object.entries(vector.expected.stores)) {
      const type = built.stores.get(name) ?? 'string';
      const want = store.entries.map((e) => JSON.stringify({ key: e.key, value: e.value, ts: e.ts }));
      const rows = store.type === 'window' ? driver.readWindowStore(name, type) : store.type === 'session' ? driver.readSessionStore(name, type) : driver.readKeyValueStore(name, type);
      const got = rows.map((e) => JSON.stringify({ key: e.key, value: e.value, ts: e.timestamp }));
      if (want.join('\n') !== got.join('\n')) problems.push(`store ${name} differs (- expected, + actual):\n${diffLines(want, got)}`);
    }
    if (problems.length > 0) return { status: 'failed', reason: problems.join('\n'), describe, describeDiff };
    return { status: 'passed', describe, describeDiff };
  } catch (e) {
    return { status: 'failed', reason: `running failed: ${(e as Error).stack ?? String(e)}`, describe, describeDiff };
  } finally {
    driver.close();
  }
}
