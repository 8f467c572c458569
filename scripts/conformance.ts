// npm run conformance — runs every conformance vector through the TopologyTestDriver.
// Reads the vectors from $CONFORMANCE_DIR (default ../shared/conformance/vectors); arguments are
// family names to restrict the run; --describe-diffs prints describe() differences.
// The last line is always: conformance: P passed, F failed, S skipped

import { runAll } from './conformance/run-all.js';
import { driverFactory } from './conformance/driver.js';

const args = process.argv.slice(2);
const showDescribeDiffs = args.includes('--describe-diffs');
const families = args.filter((a) => !a.startsWith('--'));
const dir = process.env.CONFORMANCE_DIR ?? '../shared/conformance/vectors';

const report = runAll(dir, driverFactory, families);
let passed = 0;
let failed = 0;
let skipped = 0;
const skippedOps = new Map<string, number>();
for (const { family, name, result } of report.results) {
  if (result.status === 'failed') {
    console.log(`FAIL ${family}/${name}\n${result.reason.replace(/^/gm, '    ')}`);
  } else if (result.status === 'skipped') {
    console.log(`SKIP ${family}/${name}: uses ${result.operation}, not implemented yet`);
    skippedOps.set(result.operation, (skippedOps.get(result.operation) ?? 0) + 1);
  }
  if (showDescribeDiffs && result.status !== 'skipped' && result.describe === 'mismatch') {
    console.log(`DESCRIBE ${family}/${name} (- Kafka, + kstreams)\n${(result.describeDiff ?? '').replace(/^/gm, '    ')}`);
  }
}
console.log('');
console.log('family               passed failed skipped describe');
for (const [family, t] of report.families) {
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
  const describe = t.describeCompared > 0 ? `${t.describeMatched}/${t.describeCompared}` : '-';
  console.log(`${family.padEnd(20)} ${String(t.passed).padStart(6)} ${String(t.failed).padStart(6)} ${String(t.skipped).padStart(7)} ${describe.padStart(8)}`);
}
if (skippedOps.size > 0) {
  console.log(`skipped for: ${[...skippedOps].map(([op, n]) => `${op} (${n})`).join(', ')}`);
}
console.log(`conformance: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
