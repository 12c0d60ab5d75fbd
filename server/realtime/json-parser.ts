import { Decoder, Encoder, type Packet } from "socket.io-parser";
import { PreEncoded } from "./pre-encoded";

type StringEncoder = { encodeAsString(p: Packet): string };

/**
 * Socket.IO's own parser, minus its search for binary attachments in every outgoing packet. This protocol sends JSON
 * only (views are zod-typed plain data), and the search walks every number of every view — a curve of 200 points in
 * a reveal, to 1,000 phones — for nothing. Arguments wrapped in PreEncoded are written as their text, unparsed. The
 * output is byte-for-byte the default parser's for such packets, so clients keep the default parser.
 */
class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    // encodeAsString is private in the typings but is the default encoder's own path for non-binary packets.
    const self = this as unknown as StringEncoder;
    const data: unknown = packet.data;
    if (!Array.isArray(data) || !data.some((arg) => arg instanceof PreEncoded)) return [self.encodeAsString(packet)];
    // The packet's prefix (type, namespace, ack id) exactly as the default encoder writes it, then the arguments as
    // JSON.stringify writes an array (undefined, functions and symbols as null).
    const prefix = self.encodeAsString({ ...packet, data: undefined });
    const args = data.map((arg: unknown) => (arg instanceof PreEncoded ? arg.json : (JSON.stringify(arg) ?? "null")));
    return [`${prefix}[${args.join(",")}]`];
  }
}

export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder };
