/** A user-given name for a processor (Kafka Streams' `Named`). */
export class Named {
  private constructor(readonly name: string) {}

  static as(name: string): Named {
    validateName(name);
    return new Named(name);
  }
}

const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Names become topic and store names: Kafka's legal characters, at most 249 of them. */
export function validateName(name: string): void {
  if (name.length === 0 || name.length > 249 || !LEGAL.test(name)) {
    throw new RangeError(`name "${name}" is illegal: use 1 to 249 of [a-zA-Z0-9._-]`);
  }
}
