// processing.guarantee: at_least_once (default) or exactly_once_v2 (KIP-447: one transactional producer
// per stream thread). 'exactly_once_beta' is the deprecated name of v2 and is accepted as such; the old
// per-task 'exactly_once' (v1, KIP-129) is gone from Kafka 4 and is rejected here.
//
// Exactly-once v2 in this runtime, in short (Kafka's design, our code):
// - Producer: one per stream thread, transactional.id `<application.id>-<processId>-<threadIndex>`
//   (the process id is kept in the state directory, so a restarted instance fences its own zombie),
//   transaction.timeout.ms 10000 unless `transaction.timeout.ms` / `producer.transaction.timeout.ms` says
//   otherwise. Sink, repartition and changelog writes all go through it (streams-producer.ts).
// - Commit, every commit.interval.ms (default 100 under EOS instead of 30000), on revocation and on close:
//   caches and stores of every active task flushed -> producer flushed -> sendOffsetsToTransaction(the
//   consumed offsets + 1 of all active tasks, the consumer's group metadata with generation and member id)
//   -> commitTransaction -> the next transaction begins (client-side only; the broker hears of it at the
//   first send). One transaction covers all tasks of the thread, so a revocation commits them all.
// - Reads: the main, restore and global consumers are read_committed; active restoration ends at the last
//   stable offset, so aborted changelog records never reach a store.
// - Local state: Kafka's method. While an active task runs it has no checkpoint file (deleted when the
//   task is initialized); a checkpoint is written only after the transaction of a clean close committed.
//   A task directory with state but no checkpoint (crash, dirty close) is wiped before its stores open,
//   then restored from the changelog. A dirty close wipes the task's state too. Standby tasks keep
//   checkpointing: they only ever apply committed data.
// - Failures (eos-errors.ts): fenced producer, group fencing of the offsets, a transaction the coordinator
//   aborted after its timeout, a failed send -> abort if possible, close all active tasks dirty (wipe),
//   new producer (initTransactions: a new epoch), seek the input back to the committed offsets, rejoin.
//   The thread stays alive; only repeated failures without progress (a send that can never succeed) fail it.
import { StreamsError } from '../../errors/streams-error.js';

export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2';

/** commit.interval.ms default under exactly-once (Kafka Streams' EOS_DEFAULT_COMMIT_INTERVAL_MS) */
export const EOS_COMMIT_INTERVAL_MS = 100;
/** transaction.timeout.ms Kafka Streams gives its producers under exactly-once */
export const EOS_TRANSACTION_TIMEOUT_MS = 10_000;

export function resolveProcessingGuarantee(value: string | undefined): ProcessingGuarantee {
  switch (value ?? 'at_least_once') {
    case 'at_least_once':
      return 'at_least_once';
    case 'exactly_once_v2':
    case 'exactly_once_beta':
      return 'exactly_once_v2';
    default:
      throw new StreamsError(`processing.guarantee=${value} is not supported: use at_least_once or exactly_once_v2`, { code: 'CONFIG' });
  }
}

/** Kafka's transactional.id of a stream thread's producer under exactly-once v2. */
export function threadTransactionalId(applicationId: string, processId: string, threadIndex: number): string {
  return `${applicationId}-${processId}-${threadIndex}`;
}
