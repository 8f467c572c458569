// Hands out producer ids for InitProducerId. In disk mode the next free id is kept in
// `<dataDir>/producer-ids` and reserved in blocks, so ids are never reused after a restart.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 1000;

export class ProducerIdManager {
  private next: number;
  private reservedUntil: number;

  constructor(private readonly dataDir: string | undefined) {
    const file = dataDir ? join(dataDir, 'producer-ids') : undefined;
    const saved = file && existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
    this.next = Number.isSafeInteger(saved) ? saved : 0;
    this.reservedUntil = this.next;
  }

  allocate(): number {
    if (this.next >= this.reservedUntil) {
      this.reservedUntil = this.next + BLOCK;
      if (this.dataDir) {
        const file = join(this.dataDir, 'producer-ids');
        writeFileSync(file + '.tmp', String(this.reservedUntil));
        renameSync(file + '.tmp', file);
      }
    }
    return this.next++;
  }
}
