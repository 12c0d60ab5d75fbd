import { Decoder, Encoder, type Packet } from "socket.io-parser";

/**
 * Socket.IO's own parser, minus its search for binary attachments in every outgoing packet. This protocol sends JSON
 * only (views are zod-typed plain data), and the search walks every number of every view — a curve of 200 points in
 * a reveal, to 1,000 phones — for nothing. The output is byte-for-byte the default parser's for such packets, so
 * clients keep the default parser.
 */
class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    // encodeAsString is private in the typings but is the default encoder's own path for non-binary packets.
    return [(this as unknown as { encodeAsString(p: Packet): string }).encodeAsString(packet)];
  }
}

export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder };
