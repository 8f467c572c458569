// Exponential backoff with jitter, and a retry loop for retriable errors.
import { KafkaClientError } from './errors.js';

export interface BackoffPolicy {
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
}

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, ±20% jitter. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const exp = Math.min(policy.retryBackoffMaxMs, policy.retryBackoffMs * 2 ** Math.min(attempt, 30));
  const jitter = exp * 0.2 * (Math.random() * 2 - 1);
  return Math.max(0, Math.round(exp + jitter));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

export function isRetriable(err: unknown): boolean {
  return err instanceof KafkaClientError && err.retriable;
}

export interface RetryOptions extends BackoffPolicy {
  retries: number;
  /** Called before each retry (e.g. to refresh metadata). */
  onRetry?: (err: unknown, attempt: number) => void | Promise<void>;
  /** Stop retrying when this returns true (client closing). */
  aborted?: () => boolean;
}

/** Runs `fn`, retrying retriable failures with backoff up to `retries` times. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetriable(err) || attempt >= options.retries || options.aborted?.()) throw err;
      await options.onRetry?.(err, attempt);
      await sleep(backoffDelay(options, attempt));
    }
  }
}
