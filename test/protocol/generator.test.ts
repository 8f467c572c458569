import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { GENERATED_HEADER, generateProtocol } from '../../scripts/generate-protocol.js';

const ROOT = join(import.meta.dirname, '../..');
const MESSAGES = join(ROOT, 'src/protocol/messages');

describe('protocol generator', () => {
  it('reproduces the committed src/protocol/messages exactly', () => {
    const generated = generateProtocol(join(ROOT, 'spec/kafka-message-specs'));
    const committed = readdirSync(MESSAGES).sort();
    assert.deepEqual(generated.map((f) => f.name).sort(), committed, 'same file set');
    for (const f of generated) {
      assert.ok(f.content === readFileSync(join(MESSAGES, f.name), 'utf8'), `${f.name} is up to date (run npm run generate)`);
      assert.ok(f.content.startsWith(`${GENERATED_HEADER}\n`), `${f.name} starts with the generated-code marker`);
    }
  });

  it('the CLI writes the same files to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kstreams-gen-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-protocol.ts'), '--out', dir], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      const files = readdirSync(dir).sort();
      assert.deepEqual(files, readdirSync(MESSAGES).sort());
      for (const f of files) assert.ok(readFileSync(join(dir, f), 'utf8') === readFileSync(join(MESSAGES, f), 'utf8'), f);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
