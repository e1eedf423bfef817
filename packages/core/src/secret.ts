import { inspect } from 'node:util';

/**
 * A value that must never reach a log, an error or an API answer. Serialising or
 * inspecting it prints `[redacted]`; only `reveal()` gives the value, so every use is
 * greppable.
 */
export class Secret<T = string> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
