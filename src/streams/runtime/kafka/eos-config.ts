// processing.guarantee: at_least_once (default) or exactly_once_v2 (KIP-447: one transactional producer
// per stream thread). 'exactly_once_beta' is the deprecated name of v2 and is accepted as such; the old
// per-task 'exactly_once' (v1, KIP-129) is gone from Kafka 4 and is rejected here.
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
