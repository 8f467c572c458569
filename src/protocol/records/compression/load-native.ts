// Loads a codec's npm package on first use, so that programs which never meet a codec never load its
// native binary. A package that cannot be loaded (no binary for this platform) surfaces as
// UNSUPPORTED_COMPRESSION when the codec is needed.

import { createRequire } from 'node:module';
import { RecordBatchError } from '../errors.js';

const requireHere = createRequire(import.meta.url);

export function lazyModule<T>(packageName: string, codecName: string): () => T {
  let loaded: T | undefined;
  let failure: unknown;
  return () => {
    if (loaded !== undefined) return loaded;
    if (failure === undefined) {
      try {
        loaded = requireHere(packageName) as T;
        return loaded;
      } catch (err) {
        failure = err;
      }
    }
    throw new RecordBatchError(
      'UNSUPPORTED_COMPRESSION',
      `${codecName} compression needs the npm package ${packageName}, which cannot be loaded here: ${String(failure)}`,
      { cause: failure },
    );
  };
}
