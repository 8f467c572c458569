// TEMPORARY: run the vectors through the mini engine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVector } from '../run-vector.js';
import type { Vector } from '../vector.js';
import { miniDriverFactory } from './mini-driver.js';

const dir = process.env.CONFORMANCE_DIR ?? '../shared/conformance/vectors';
const families = process.argv.slice(2);
let p = 0, f = 0, s = 0;
for (const family of readdirSync(dir).sort()) {
  if (families.length && !families.includes(family)) continue;
  for (const file of readdirSync(join(dir, family)).sort()) {
    const v = JSON.parse(readFileSync(join(dir, family, file), 'utf8')) as Vector;
    const r = runVector(v, miniDriverFactory);
    if (r.status === 'passed') p++;
    else if (r.status === "skipped") { s++; console.log(`SKIP ${family}/${file}: ${r.operation}`); }
    else { f++; console.log(`FAIL ${family}/${file}\n${r.reason.split('\n').slice(0, 30).join('\n')}`); }
  }
}
console.log(`conformance: ${p} passed, ${f} failed, ${s} skipped`);
