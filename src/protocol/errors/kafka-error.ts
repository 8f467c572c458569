import { ERROR_CODES, type ErrorCodeInfo } from './error-codes.js';

const BY_CODE = new Map<number, ErrorCodeInfo>(ERROR_CODES.map((e) => [e.code, e]));
const BY_NAME = new Map<string, ErrorCodeInfo>(ERROR_CODES.map((e) => [e.name, e]));

/** Information about an error code; codes Kafka does not define get name 'UNKNOWN_SERVER_ERROR'. */
export function errorCodeInfo(code: number): ErrorCodeInfo {
  return BY_CODE.get(code) ?? { code, name: 'UNKNOWN_SERVER_ERROR', retriable: false, message: `Unknown error code ${code}.` };
}

/** The error code with Kafka's enum name `name`, or undefined. */
export function errorCodeByName(name: string): ErrorCodeInfo | undefined {
  return BY_NAME.get(name);
}

export function isRetriableErrorCode(code: number): boolean {
  return BY_CODE.get(code)?.retriable ?? false;
}

/**
 * An error a Kafka broker reported (or that our broker reports): the numeric Kafka error code, its enum
 * name (`name`, e.g. 'NOT_LEADER_OR_FOLLOWER') and whether retrying can help.
 */
export class KafkaError extends Error {
  /** Kafka's numeric error code. */
  readonly code: number;
  readonly retriable: boolean;

  constructor(code: number, message?: string, options?: { cause?: unknown }) {
    const info = errorCodeInfo(code);
    super(message ?? info.message, options);
    this.code = code;
    this.name = info.name;
    this.retriable = info.retriable;
  }

  /** A KafkaError for `code`, or null for 0 (NONE). */
  static fromCode(code: number, message?: string | null): KafkaError | null {
    return code === 0 ? null : new KafkaError(code, message ?? undefined);
  }

  /** Throws a KafkaError unless `code` is 0. */
  static throwIfError(code: number, message?: string | null): void {
    if (code !== 0) throw new KafkaError(code, message ?? undefined);
  }
}
