/**
 * An event argument already encoded as JSON text, so a message many sockets share, or one built from pre-encoded
 * fragments, is not stringified again per socket. `T` is what the text decodes to: the type the event map declares
 * (the client receives a plain `T`). The JSON-only encoder (json-parser.ts) splices `json` into the packet verbatim.
 */
export class PreEncoded<T> {
  /** Type only: ties the text to the payload type it encodes. */
  declare private readonly decodesTo: T;

  constructor(readonly json: string) {}

  /** Under any other encoder (JSON.stringify of the packet) the same text still goes out, just decoded and re-encoded. */
  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

export function preEncoded<T>(value: T): PreEncoded<T> {
  return new PreEncoded<T>(JSON.stringify(value));
}
