// Plain data types shared by the record batch encoder and decoder.

/** A record header: UTF-8 key, nullable bytes value. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}
