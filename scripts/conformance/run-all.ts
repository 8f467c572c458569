// Runs every vector of a folder and tallies the results per family.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runVector, type DriverFactory, type VectorResult } from './run-vector.js';
import type { Vector } from './vector.js';

export interface FamilyTally {
  passed: number;
  failed: number;
  skipped: number;
  describeMatched: number;
  describeCompared: number;
}

export interface RunReport {
  families: Map<string, FamilyTally>;
  results: { family: string; name: string; result: VectorResult }[];
}

/** the families this implementation covers: none of their vectors may fail or be skipped */
export const COVERED_FAMILIES = [
  'stateless',
  'merge',
  'split',
  'repartition',
  'table',
  'global-table',
  'stream-count',
  'stream-reduce',
  'stream-aggregate',
  'table-aggregate',
  'stream-table-join',
  'table-table-join',
  'optimization',
] as const;

export function runAll(dir: string, makeDriver: DriverFactory, onlyFamilies?: readonly string[]): RunReport {
  const families = new Map<string, FamilyTally>();
  const results: RunReport['results'] = [];
  for (const family of readdirSync(dir).sort()) {
    if (!statSync(join(dir, family)).isDirectory()) continue;
    if (onlyFamilies && onlyFamilies.length > 0 && !onlyFamilies.includes(family)) continue;
    const tally: FamilyTally = { passed: 0, failed: 0, skipped: 0, describeMatched: 0, describeCompared: 0 };
    families.set(family, tally);
    for (const file of readdirSync(join(dir, family)).sort()) {
      if (!file.endsWith('.json')) continue;
      const vector = JSON.parse(readFileSync(join(dir, family, file), 'utf8')) as Vector;
      const result = runVector(vector, makeDriver);
      results.push({ family, name: file.replace(/\.json$/, ''), result });
      tally[result.status]++;
      if (result.status !== 'skipped' && result.describe !== 'absent') {
        tally.describeCompared++;
        if (result.describe === 'match') tally.describeMatched++;
      }
    }
  }
  return { families, results };
}
