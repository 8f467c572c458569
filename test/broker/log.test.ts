import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, appendFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLog } from '../../src/broker/log/memory-log.js';
import { DiskLog } from '../../src/broker/log/disk-log.js';
import type { PartitionLog, LogSettings } from '../../src/broker/log/partition-log.js';
import { readBatchInfo } from '../../src/broker/log/batch-header.js';
import { makeBatch } from './make-batch.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const small: LogSettings = { segmentBytes: 1000, segmentMs: 3_600_000, indexIntervalBytes: 150 };

function openDisk(dir: string, settings = small) {
  return new DiskLog({ dir, settings, fsync: { kind: 'never' } });
}

function offsetsOf(log: PartitionLog, from: number, maxBytes = 1 << 20): number[] {
  const out: number[] = [];
  for (const c of log.read(from, maxBytes, true).chunks) {
    for (let pos = 0; pos < c.length; ) {
      const info = readBatchInfo(c, pos);
      for (let o = info.baseOffset; o <= info.lastOffset; o++) out.push(o);
      pos += info.size;
    }
  }
  return out;
}

function fill(log: PartitionLog, batches: number, perBatch = 3): void {
  for (let b = 0; b < batches; b++) {
    const recs = Array.from({ length: perBatch }, (_, i) => ({ key: `k${b}`, value: `value-${b}-${i}`, timestamp: 1000 + b * 10 + i }));
    log.append(makeBatch(recs), 0);
  }
}

for (const kind of ['memory', 'disk'] as const) {
  test(`${kind} log: offsets are assigned in order and reads return whole batches from any offset`, (t) => {
    const log = kind === 'memory' ? new MemoryLog() : openDisk(tempDir(t));
    t.after(() => log.close());
    fill(log, 20);
    assert.equal(log.logEndOffset, 60);
    assert.deepEqual(offsetsOf(log, 0).slice(0, 6), [0, 1, 2, 3, 4, 5]);
    // Reading from the middle of a batch starts at that batch.
    assert.equal(offsetsOf(log, 31)[0], 30);
    assert.deepEqual(offsetsOf(log, 60), []);
  });

  test(`${kind} log: maxBytes limits whole batches, but at least one batch is returned`, (t) => {
    const log = kind === 'memory' ? new MemoryLog() : openDisk(tempDir(t));
    t.after(() => log.close());
    fill(log, 5);
    const one = log.read(0, 1, true);
    assert.equal(one.chunks.length, 1);
    const size = readBatchInfo(one.chunks[0]!, 0).size;
    assert.equal(one.bytes, size);
    assert.equal(log.read(0, 1, false).bytes, 0);
    assert.equal(log.read(0, size * 2 + 10, true).bytes, size * 2);
  });

  test(`${kind} log: lookup by timestamp finds the first record at or after it, and max timestamp`, (t) => {
    const log = kind === 'memory' ? new MemoryLog() : openDisk(tempDir(t));
    t.after(() => log.close());
    fill(log, 20); // batch b holds timestamps 1000+10b .. 1000+10b+2 at offsets 3b..3b+2
    assert.deepEqual(log.offsetForTimestamp(0), { offset: 0, timestamp: 1000 });
    assert.deepEqual(log.offsetForTimestamp(1071), { offset: 22, timestamp: 1071 });
    assert.deepEqual(log.offsetForTimestamp(1075), { offset: 24, timestamp: 1080 });
    assert.equal(log.offsetForTimestamp(5000), undefined);
    assert.deepEqual(log.maxTimestamp(), { offset: 59, timestamp: 1192 });
  });

  test(`${kind} log: deleteRecordsBefore raises the log start offset`, (t) => {
    const log = kind === 'memory' ? new MemoryLog() : openDisk(tempDir(t));
    t.after(() => log.close());
    fill(log, 20);
    log.deleteRecordsBefore(31);
    assert.equal(log.logStartOffset, 31);
    assert.equal(offsetsOf(log, 31)[0], 30);
    log.deleteRecordsBefore(10); // never goes back
    assert.equal(log.logStartOffset, 31);
  });
}

test('disk log: rolls segments by size, names them by base offset, and indexes them', (t) => {
  const dir = tempDir(t);
  const log = openDisk(dir);
  fill(log, 40);
  log.close();
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  assert.ok(logs.length > 3, `expected several segments, got ${logs.join(',')}`);
  assert.equal(logs[0], '00000000000000000000.log');
  for (const f of logs) {
    assert.ok(statSync(join(dir, f)).size <= small.segmentBytes);
    assert.match(f, /^\d{20}\.log$/);
  }
  const indexes = readdirSync(dir).filter((f) => f.endsWith('.index'));
  assert.equal(indexes.length, logs.length);
  assert.ok(indexes.some((f) => statSync(join(dir, f)).size > 0 && statSync(join(dir, f)).size % 8 === 0));
  // Reopen: everything readable, offsets continue.
  const again = openDisk(dir);
  t.after(() => again.close());
  assert.equal(again.logEndOffset, 120);
  const second = Number(logs[1]!.slice(0, 20));
  assert.equal(offsetsOf(again, second)[0], second);
  assert.equal(offsetsOf(again, 0, 1 << 30)[0], 0);
  fill(again, 1);
  assert.equal(again.logEndOffset, 123);
  assert.deepEqual(again.offsetForTimestamp(1391), { offset: 118, timestamp: 1391 });
});

test('disk log: segment.ms rolls an old active segment', (t) => {
  const dir = tempDir(t);
  const log = openDisk(dir, { ...small, segmentBytes: 1 << 20, segmentMs: 0 });
  t.after(() => log.close());
  fill(log, 1);
  const before = Date.now();
  while (Date.now() === before) { /* wait for the clock to move */ }
  fill(log, 1);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.log')).length, 2);
});

test('disk log: recovery truncates a torn tail and keeps every whole batch', (t) => {
  const dir = tempDir(t);
  const log = openDisk(dir, { ...small, segmentBytes: 1 << 20 });
  fill(log, 10);
  log.close();
  const file = join(dir, '00000000000000000000.log');
  const whole = statSync(file).size;
  // A torn write: the first 30 bytes of another batch.
  appendFileSync(file, makeBatch([{ value: 'torn' }]).subarray(0, 30));
  const reports: number[] = [];
  const again = new DiskLog({ dir, settings: { ...small, segmentBytes: 1 << 20 }, fsync: { kind: 'never' }, onRecovery: (r) => reports.push(r.truncatedBytes) });
  t.after(() => again.close());
  assert.deepEqual(reports, [30]);
  assert.equal(statSync(file).size, whole);
  assert.equal(again.logEndOffset, 30);
  assert.equal(offsetsOf(again, 0).length, 30);
  assert.equal(again.append(makeBatch([{ value: 'after' }]), 0).baseOffset, 30);
});

test('disk log: recovery detects a corrupt last batch by its CRC', (t) => {
  const dir = tempDir(t);
  const log = openDisk(dir, { ...small, segmentBytes: 1 << 20 });
  fill(log, 4);
  log.close();
  const file = join(dir, '00000000000000000000.log');
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from([0xff]), 0, 1, size - 3); // flip a byte inside the last batch's records
  closeSync(fd);
  const again = openDisk(dir, { ...small, segmentBytes: 1 << 20 });
  t.after(() => again.close());
  assert.equal(again.logEndOffset, 9);
  assert.ok(statSync(file).size < size);
});

test('disk log: the log start offset survives a restart; whole segments below it are deleted', (t) => {
  const dir = tempDir(t);
  const log = openDisk(dir);
  fill(log, 40);
  const segmentsBefore = readdirSync(dir).filter((f) => f.endsWith('.log')).length;
  log.deleteRecordsBefore(100);
  assert.ok(readdirSync(dir).filter((f) => f.endsWith('.log')).length < segmentsBefore);
  log.close();
  const again = openDisk(dir);
  t.after(() => again.close());
  assert.equal(again.logStartOffset, 100);
  assert.equal(again.logEndOffset, 120);
});
