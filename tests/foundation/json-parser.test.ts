import { describe, expect, it } from "vitest";
import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";
import { roundProgress, studentViews, studentViewsJson } from "@/lib/session";
import { jsonOnlyParser } from "@/server/realtime/json-parser";
import { PreEncoded, preEncoded } from "@/server/realtime/pre-encoded";
import { pureLesson } from "../session-rules/pure-lesson";

/**
 * The JSON-only encoder (server/realtime/json-parser.ts) must write exactly what Socket.IO's default encoder writes,
 * so clients keep the default parser: for plain packets, and for packets whose arguments were encoded beforehand
 * (PreEncoded), which must come out as if the plain object had been sent.
 */

const ours = new jsonOnlyParser.Encoder();
const theirs = new Encoder();
const encodeOurs = (packet: Packet) => ours.encode(packet);
const encodeTheirs = (packet: Packet) => theirs.encode(packet);

function decoded(text: string): Packet {
  const decoder = new Decoder();
  let packet: Packet | undefined;
  decoder.on("decoded", (p: Packet) => (packet = p));
  decoder.add(text);
  return packet!;
}

function revealedLesson() {
  const lesson = pureLesson({ rules: { speedBonus: true } });
  for (const id of ["ann", "ben", "cat", "dan", "eve", "fay"]) lesson.join(id, id === "ben" ? 'Ben "\\" ü 🚀' : id);
  lesson.open(2).guess("ann", 0.1).guess("ben", 0.0731945).guess("cat", 4.9).close().reveal();
  return lesson;
}

const ctx = { sessionId: "session-parser-01", joinCode: "PARSE1", now: 1_764_000_000_000, guessesPerRound: 60 };

describe("the JSON-only encoder", () => {
  it("writes plain packets as the default encoder does", () => {
    const view = studentViews(revealedLesson().state, ctx)("ann");
    const packets: Packet[] = [
      { type: PacketType.EVENT, nsp: "/", data: ["player:view", view] },
      { type: PacketType.EVENT, nsp: "/", data: ["server:hello", { protocolVersion: 3, serverVersion: "x" }] },
      { type: PacketType.ACK, nsp: "/", id: 17, data: [{ ok: true, view }] },
      { type: PacketType.EVENT, nsp: "/admin", id: 4, data: ["a", undefined, null, "ü\u2028"] },
      { type: PacketType.CONNECT, nsp: "/", data: { sid: "abc" } },
      { type: PacketType.DISCONNECT, nsp: "/" },
    ];
    for (const packet of packets) expect(encodeOurs(packet)).toEqual(encodeTheirs(packet));
  });

  it("writes a pre-encoded view byte for byte as the plain view, for every phone of a revealed round", () => {
    const { state } = revealedLesson();
    const objects = studentViews(state, ctx);
    const texts = studentViewsJson(state, ctx);
    for (const id of state.players.keys()) {
      const plain = encodeTheirs({ type: PacketType.EVENT, nsp: "/", data: ["player:view", objects(id)] });
      const wrapped = new PreEncoded(texts(id)!);
      const spliced = encodeOurs({ type: PacketType.EVENT, nsp: "/", data: ["player:view", wrapped] });
      expect(spliced).toEqual(plain);
      expect(spliced[0].startsWith('2["player:view",{"seq":')).toBe(true);
      expect(decoded(spliced[0]).data).toEqual(["player:view", objects(id)]);
      // Under the default encoder the wrapper still goes out as the same text (decoded and re-encoded).
      expect(encodeTheirs({ type: PacketType.EVENT, nsp: "/", data: ["player:view", wrapped] })).toEqual(plain);
    }
  });

  it("keeps the prefix (namespace, ack id) and the other arguments of a packet with a pre-encoded argument", () => {
    const lesson = pureLesson();
    lesson.join("ann").open().guess("ann", 0.2);
    const progress = roundProgress(lesson.state)!;
    const packet = (arg: unknown): Packet => ({ type: PacketType.EVENT, nsp: "/room", id: 9, data: ["round:progress", arg, undefined, 2] });
    expect(encodeOurs(packet(preEncoded(progress)))).toEqual(encodeTheirs(packet(progress)));
    expect(encodeOurs(packet(preEncoded(progress)))).toEqual(['2/room,9["round:progress",{"round":1,"count":1,"of":1},null,2]']);
  });
});
