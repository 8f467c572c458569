// Persistence of the transaction coordinator: the state of each transactional id and the producer
// id block reserved so far. Kafka keeps these in __transaction_state; the dev broker keeps a
// JSON-lines file (<data-dir>/__coordinator/transactions.jsonl) in disk mode, nothing in memory mode.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type TxnStateName =
  | 'Empty'
  | 'Ongoing'
  | 'PrepareCommit'
  | 'PrepareAbort'
  | 'CompleteCommit'
  | 'CompleteAbort'
  | 'Dead';

export interface PersistedTxn {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly lastProducerId: number;
  readonly lastProducerEpoch: number;
  readonly timeoutMs: number;
  readonly state: TxnStateName;
  /** "topic:partition" strings would be ambiguous; pairs keep topic names intact. */
  readonly partitions: readonly (readonly [string, number])[];
  readonly groups: readonly string[];
  readonly startTimestamp: number;
  readonly lastUpdateTimestamp: number;
}

export interface LoadedTxnState {
  readonly txns: readonly PersistedTxn[];
  /** First producer id not yet handed out in any reserved block. */
  readonly nextProducerIdBlock: number;
}

export interface TxnLog {
  load(): LoadedTxnState;
  writeTxn(txn: PersistedTxn): void;
  /** Producer ids below `end` may have been handed out. */
  reserveProducerIds(end: number): void;
  close(): void;
}

export class MemoryTxnLog implements TxnLog {
  load(): LoadedTxnState {
    return { txns: [], nextProducerIdBlock: 0 };
  }
  writeTxn(): void {}
  reserveProducerIds(): void {}
  close(): void {}
}

type Line = { t: 'txn'; x: PersistedTxn } | { t: 'pid'; end: number };

export class FileTxnLog implements TxnLog {
  private readonly path: string;
  private fd: number;
  private lines = 0;
  private readonly txns = new Map<string, PersistedTxn>();
  private pidEnd = 0;

  constructor(
    dataDir: string,
    private readonly fsync = true,
    private readonly compactAfterLines = 10000,
  ) {
    const dir = join(dataDir, '__coordinator');
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'transactions.jsonl');
    if (existsSync(this.path)) {
      for (const raw of readFileSync(this.path, 'utf8').split('\n')) {
        if (raw.length === 0) continue;
        try {
          this.apply(JSON.parse(raw) as Line);
          this.lines++;
        } catch {
          // torn tail
        }
      }
    }
    this.fd = openSync(this.path, 'a');
  }

  load(): LoadedTxnState {
    return { txns: [...this.txns.values()], nextProducerIdBlock: this.pidEnd };
  }

  writeTxn(txn: PersistedTxn): void {
    this.append({ t: 'txn', x: txn });
  }

  reserveProducerIds(end: number): void {
    this.append({ t: 'pid', end });
  }

  close(): void {
    closeSync(this.fd);
  }

  private apply(line: Line): void {
    if (line.t === 'txn') {
      if (line.x.state === 'Dead') this.txns.delete(line.x.transactionalId);
      else this.txns.set(line.x.transactionalId, line.x);
    } else {
      this.pidEnd = Math.max(this.pidEnd, line.end);
    }
  }

  private append(line: Line): void {
    this.apply(line);
    appendFileSync(this.fd, JSON.stringify(line) + '\n');
    if (this.fsync) fsyncSync(this.fd);
    if (++this.lines > this.compactAfterLines + this.txns.size) this.compact();
  }

  private compact(): void {
    const out = [JSON.stringify({ t: 'pid', end: this.pidEnd })];
    for (const x of this.txns.values()) out.push(JSON.stringify({ t: 'txn', x }));
    const tmp = this.path + '.tmp';
    writeFileSync(tmp, out.join('\n') + '\n');
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(tmp, this.path);
    this.fd = openSync(this.path, 'a');
    this.lines = out.length;
  }
}
