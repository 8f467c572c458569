#!/usr/bin/env node
// The one test command: typecheck, lint, then every test file under test/ with node's test runner.
// Ends with a single summary line "tests: N passed, N failed, N skipped".
// Options: --only unit|integration|compat (folder filter), --no-static (skip typecheck and lint),
// any other argument is a substring filter on test file paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
let only = null;
let runStatic = true;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--only') only = args[++i];
  else if (args[i] === '--no-static') runStatic = false;
  else filters.push(args[i]);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let failedSteps = 0;
if (runStatic && filters.length === 0) {
  for (const [label, cmd, cmdArgs] of [
    ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['lint', 'npx', ['eslint', '.']],
  ]) {
    process.stdout.write(`== ${label}\n`);
    const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
    if (r.status !== 0) {
      failedSteps++;
      process.stdout.write(`== ${label} FAILED\n`);
    }
  }
}

let files = walk('test').map((f) => relative('.', f)).sort();
if (only) files = files.filter((f) => f.startsWith(join('test', only)));
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));

process.stdout.write(`== node --test (${files.length} files)\n`);
const r = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=3',
    '--test-timeout=300000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/summary-reporter.mjs', '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, KSTREAMS_TEST: '1' } },
);
if (failedSteps > 0) process.stdout.write(`static checks: ${failedSteps} failed\n`);
process.exit(r.status === 0 && failedSteps === 0 ? 0 : 1);
