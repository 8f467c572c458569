// Runs the conformance vectors of the families this implementation covers: every one must pass
// (none failed, none skipped). Vectors: $CONFORMANCE_DIR or ../shared/conformance/vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { COVERED_FAMILIES, runAll } from '../../scripts/conformance/run-all.js';
import { driverFactory } from '../../scripts/conformance/driver.js';

const dir = process.env.CONFORMANCE_DIR ?? '../shared/conformance/vectors';

test('conformance vectors of the covered families all pass', { skip: existsSync(dir) ? false : `no vectors at ${dir}` }, () => {
  const report = runAll(dir, driverFactory, COVERED_FAMILIES);
  for (const family of COVERED_FAMILIES) assert.ok(report.families.has(family), `family ${family} has no vectors in ${dir}`);
  const problems = report.results
    .map((r) => {
      const res = r.result;
      if (res.status === 'skipped') return `${r.family}/${r.name}: skipped (${res.operation})`;
      if (res.status === 'failed') return `${r.family}/${r.name}: ${res.reason}`;
      return undefined;
    })
    .filter((p) => p !== undefined);
  assert.deepEqual(problems, []);
  assert.ok(report.results.length >= 200, `expected the full vector set, ran ${report.results.length}`);
});

test('no conformance vector of any family fails or is skipped', { skip: existsSync(dir) ? false : `no vectors at ${dir}` }, () => {
  const report = runAll(dir, driverFactory);
  const failures = report.results.flatMap((r) =>
    r.result.status === 'failed' ? [`${r.family}/${r.name}: ${r.result.reason}`] : r.result.status === 'skipped' ? [`${r.family}/${r.name}: skipped (${r.result.operation})`] : [],
  );
  assert.deepEqual(failures, []);
  const describeMismatches = report.results.flatMap((r) => (r.result.status !== 'skipped' && r.result.describe === 'mismatch' ? [`${r.family}/${r.name}`] : []));
  assert.deepEqual(describeMismatches, [], 'describe() differs from Kafka');
});
