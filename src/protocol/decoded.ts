/**
 * What a generated decoder returns for a message type T: the same shape with every property present
 * (decoders fill fields a version lacks with their spec defaults), recursively; `null` stays where the
 * spec allows it, and `unknownTaggedFields` stays optional. A `Decoded<T>` is a valid `T`, so decoded
 * values can be encoded again as they are.
 */
export type Decoded<T> = T extends Buffer
  ? T
  : T extends readonly (infer E)[]
    ? Decoded<E>[]
    : T extends object
      ? { [K in Exclude<keyof T, 'unknownTaggedFields'>]-?: Decoded<Exclude<T[K], undefined>> } & Pick<
          T,
          Extract<keyof T, 'unknownTaggedFields'>
        >
      : T;
