/**
 * The update a table sends downstream: the new value and, when a downstream operator needs it, the
 * old one (Kafka Streams' `Change`). `null` new value = the key was deleted.
 */
export class Change<V> {
  constructor(
    readonly newValue: V | null,
    readonly oldValue: V | null,
    readonly isLatest = true,
  ) {}
}
