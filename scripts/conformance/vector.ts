// The conformance vector format (README sections 1, 5, 6, 7).

import type { FnRef } from './functions.js';

export interface Step {
  id?: string;
  op: string;
  from?: string | string[];
  name?: string;
  store?: string;
  topic?: string;
  topics?: string[];
  predicate?: FnRef;
  mapper?: FnRef;
  reducer?: FnRef;
  adder?: FnRef;
  subtractor?: FnRef;
  initializer?: FnRef;
  aggregator?: FnRef;
  merger?: FnRef;
  joiner?: FnRef;
  keySelector?: FnRef;
  extractor?: FnRef;
  window?: unknown;
  branches?: { id: string; name?: string; predicate: FnRef }[];
  defaultBranch?: { id: string; name?: string };
  [other: string]: unknown;
}

export type Event = { pipe: string; key: string | null; value: string | null; ts: number } | { advanceWallClockMs: number };

export type OutKey = string | null | { key: string; start: number; end: number };

export interface ExpectedOutput {
  afterEvent: number;
  topic: string;
  key: OutKey;
  value: string | number | null;
  ts: number;
  headers?: { key: string; value: string }[];
}

export interface ExpectedStore {
  type: 'keyValue' | 'window' | 'session';
  entries: { key: OutKey; value: string | number | null; ts?: number }[];
}

export interface Vector {
  format: number;
  family: string;
  name: string;
  description?: string;
  config: { 'statestore.cache.max.bytes'?: number; 'topology.optimization'?: string };
  topology: Step[];
  events: Event[];
  expected: { outputs: ExpectedOutput[]; stores: Record<string, ExpectedStore> };
  describe?: string;
}
