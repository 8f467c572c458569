// The conformance families of the windowing issue (windows, suppression, emit-final, foreign-key
// joins, cogroup, caching, stream-stream joins incl. left/outer, and the pipelines using them):
// every vector must pass, none skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runAll } from '../../scripts/conformance/run-all.js';
import { driverFactory } from '../../scripts/conformance/driver.js';

const dir = process.env.CONFORMANCE_DIR ?? '../shared/conformance/vectors';
const WINDOWING_FAMILIES = ['tumbling', 'hopping', 'sliding', 'session', 'suppress-window', 'suppress-timelimit', 'emit-final', 'fk-join', 'cogroup', 'caching', 'stream-stream-join', 'pipeline'];

test('conformance vectors of the windowing families all pass, with Kafka\'s describe()', { skip: existsSync(dir) ? false : `no vectors at ${dir}` }, () => {
  const report = runAll(dir, driverFactory, WINDOWING_FAMILIES);
  for (const family of WINDOWING_FAMILIES) assert.ok(report.families.has(family), `family ${family} has no vectors in ${dir}`);
  const problems = report.results
    .map((r) => {
      const res = r.result;
      if (res.status === 'skipped') return `${r.family}/${r.name}: skipped (${res.operation})`;
      if (res.status === 'failed') return `${r.family}/${r.name}: ${res.reason}`;
      if (res.describe === 'mismatch') return `${r.family}/${r.name}: describe() differs from Kafka's`;
      return undefined;
    })
    .filter((p) => p !== undefined);
  assert.deepEqual(problems, []);
  assert.ok(report.results.length >= 150, `expected the full vector set, ran ${report.results.length}`);
});
