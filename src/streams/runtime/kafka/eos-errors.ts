// How a stream thread under exactly-once v2 reads a failure of its transactional producer (Kafka Streams'
// TaskMigratedException and TaskCorruptedException). Both end the same way here: the thread aborts the
// transaction if it still can, closes every active task dirty (their local state is wiped), starts a new
// producer epoch and rejoins the group. Neither takes the thread to ERROR.
//
// - migrated: another owner took over. The producer was fenced (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH:
//   a newer producer initialized the same transactional.id, or the coordinator aborted our transaction
//   after transaction.timeout.ms and bumped the epoch), or the group coordinator refused the offsets of
//   the transaction because our membership is stale (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
//   FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS after the client's retries).
// - corrupted: any other client error from a send, the offsets or the commit. A record that could not be
//   written poisons the open transaction (it can only abort), whatever the production exception handler
//   decided: 'fail' does not end the thread under exactly-once, and 'continue' cannot keep the
//   transaction either (the record is counted as dropped, then the transaction aborts and the input is
//   processed again, so a transient failure heals). The thread recovers, but only
//   MAX_CONSECUTIVE_CORRUPTIONS times in a row without a commit that carried offsets; then the error is
//   fatal (a record that can never be written would otherwise loop forever).
// - fatal: errors no handler may skip (authorization, unknown server error, invalid topic: the collector's
//   list) and everything that is not the client's (processing errors) end the thread as at-least-once does.
import { KafkaClientError, ProducerFencedError } from '../../../client/index.js';
import { ProductionError } from '../../errors/production-handler.js';
import { StreamsError } from '../../errors/streams-error.js';

/** send errors that end the thread whatever the handler says (as the record collector's list) */
const FATAL_SEND_CODES: ReadonlySet<number> = new Set([-1, 17, 29, 30, 31, 53, 58]);
/** ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID */
const GROUP_FENCED_CODES: ReadonlySet<number> = new Set([22, 25, 27, 82]);
/** INVALID_PRODUCER_EPOCH, PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING, TRANSACTIONAL_ID_NOT_FOUND */
const PRODUCER_FENCED_CODES: ReadonlySet<number> = new Set([47, 90, 49, 105]);

export const MAX_CONSECUTIVE_CORRUPTIONS = 5;

/** Another member or producer owns the thread's tasks now (Kafka's TaskMigratedException). */
export class TaskMigratedError extends StreamsError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'TASK_MIGRATED', retriable: true, cause });
  }
}

/** The open transaction cannot commit; the tasks' uncommitted state must go (Kafka's TaskCorruptedException). */
export class TaskCorruptedError extends StreamsError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'TASK_CORRUPTED', retriable: true, cause });
  }
}

export type EosFailure = TaskMigratedError | TaskCorruptedError;

export function isEosFailure(e: unknown): e is EosFailure {
  return e instanceof TaskMigratedError || e instanceof TaskCorruptedError;
}

/**
 * What the thread's loop makes of an error under exactly-once: an EosFailure to recover from, or undefined
 * (the error ends the thread). A send failure can surface from any send (the collector throws the kept
 * verdict), so ProductionErrors are looked at; other errors are not the producer's.
 */
export function asEosFailure(e: unknown): EosFailure | undefined {
  if (isEosFailure(e)) return e;
  if (!(e instanceof ProductionError)) return undefined;
  const c = classifyProducerError('send', e);
  return isEosFailure(c) ? c : undefined;
}

/** Wraps an error of a transactional producer operation; errors that are not the client's pass through. */
export function classifyProducerError(what: string, e: unknown): unknown {
  if (isEosFailure(e)) return e;
  if (e instanceof ProductionError) {
    // the collector's verdict on a failed send (the handler said fail, or the error is one it may not skip)
    const cause = e.cause;
    if (cause instanceof KafkaClientError && cause.errorCode !== undefined && FATAL_SEND_CODES.has(cause.errorCode)) return e;
    if (cause instanceof KafkaClientError) {
      const inner = classifyProducerError(what, cause);
      return inner instanceof TaskMigratedError ? inner : new TaskCorruptedError(`${what}: ${e.message}`, e);
    }
    return e;
  }
  const text = e instanceof Error ? e.message : String(e);
  if (e instanceof ProducerFencedError || (e instanceof KafkaClientError && e.errorCode !== undefined && PRODUCER_FENCED_CODES.has(e.errorCode))) {
    return new TaskMigratedError(`${what}: the producer was fenced (${text})`, e);
  }
  if (e instanceof KafkaClientError && e.errorCode !== undefined && GROUP_FENCED_CODES.has(e.errorCode)) {
    return new TaskMigratedError(`${what}: the group fenced this member (${text})`, e);
  }
  if (e instanceof KafkaClientError) return new TaskCorruptedError(`${what}: the transaction cannot commit (${text})`, e);
  return e;
}
