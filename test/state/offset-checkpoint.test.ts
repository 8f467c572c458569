import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OffsetCheckpoint } from '../../src/state/offset-checkpoint.js';
import { tempDir } from './helpers.js';

test('checkpoint files use Kafka Streams’ text format and survive a round trip', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const cp = new OffsetCheckpoint(join(dir, '.checkpoint'));
  assert.deepEqual(cp.read(), [], 'no file: no offsets');
  cp.write([
    { topic: 'app-counts-changelog', partition: 1, offset: 42 },
    { topic: 'app-other-changelog', partition: 1, offset: 7 },
  ]);
  assert.equal(readFileSync(join(dir, '.checkpoint'), 'utf8'), '0\n2\napp-counts-changelog 1 42\napp-other-changelog 1 7\n');
  assert.deepEqual(cp.read(), [
    { topic: 'app-counts-changelog', partition: 1, offset: 42 },
    { topic: 'app-other-changelog', partition: 1, offset: 7 },
  ]);
  writeFileSync(join(dir, '.checkpoint'), '0\n3\nt 0 1\n');
  assert.throws(() => cp.read(), { code: 'BACKEND_FAILURE' });
});
