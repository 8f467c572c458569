import { readFileSync } from 'node:fs';
import { runVector } from '../run-vector.js';
import { miniDriverFactory } from '../dev/mini-driver.js';
const v = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
console.log(JSON.stringify(runVector(v, miniDriverFactory), null, 1).slice(0, 3000));
