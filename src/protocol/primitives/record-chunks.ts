/**
 * Record data held as several buffers (whole record batches as a log stores them), for a `records`
 * field of a message to encode. A Writer built with `externalChunksFrom` keeps such buffers by
 * reference instead of copying them (see `Writer.finishChunks`); any other Writer copies them. Decoders
 * always return records as one Buffer.
 */
export class RecordChunks {
  /** Total bytes of all chunks. */
  readonly length: number;

  constructor(readonly chunks: readonly Buffer[]) {
    let n = 0;
    for (const c of chunks) n += c.length;
    this.length = n;
  }
}
