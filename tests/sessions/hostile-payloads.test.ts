import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCommands, type HostView } from "@/lib/protocol";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";
import type { Socket } from "socket.io-client";
import { connectClient, type TestSocket } from "../helpers/socket-client";

/** The same connection without the typed event map, to send what no well-behaved client would. */
const raw = (socket: TestSocket) => socket as unknown as Socket;

/** Deterministic generator so a failure can be reproduced. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function deep(depth: number): unknown {
  let v: unknown = { alpha: 0.1 };
  for (let i = 0; i < depth; i++) v = { nested: v };
  return v;
}

const badValues: unknown[] = [
  null,
  0,
  -1,
  NaN,
  Infinity,
  -Infinity,
  true,
  "",
  "0.1",
  "x".repeat(5_000),
  [],
  [1, 2, 3],
  {},
  { alpha: -1 },
  { alpha: 0 },
  { alpha: "0.1" },
  { alpha: NaN },
  { alpha: Infinity },
  { alpha: 1e-12 },
  { alpha: 1e9 },
  { alpha: [0.1] },
  { alpha: { valueOf: 0.1 } },
  { alpha: 0.1, extra: true },
  { code: 123 },
  { code: "O0I1L!" },
  { code: "ABCDEF", nickname: "" },
  { code: "ABCDEF", nickname: "a".repeat(500) },
  { code: "ABCDEF", nickname: "\u202Eevil" },
  { sessionId: "../../etc/passwd", playerToken: "x" },
  { sessionId: "a".repeat(10), hostToken: "b".repeat(300) },
  JSON.parse('{"__proto__": {"ok": true, "polluted": 1}}'),
  { constructor: { prototype: { polluted: 1 } } },
  { policy: "teleport" },
  { policy: "player" },
  { policy: "host", alpha: -5 },
  { alpha: 0.1, steps: 1e6 },
  { alpha: 0.1, steps: 2.5 },
  { timerSeconds: 1e9 },
  { timerSeconds: -3, k: 0 },
  { k: 51 },
  { seed: "whatever" },
  { locked: "yes" },
  { playerId: { $ne: null } },
  deep(200),
  Buffer.from("binary payload"),
];

const unknownEvents = ["no:such", "__proto__", "constructor", "toString", "hasOwnProperty", "x".repeat(500), "ROUND:OPEN", "round:open "];

describe("1,000 malformed or hostile payloads", () => {
  const server = useTestServer();
  let host: Host;
  let created: Awaited<ReturnType<typeof createSession>>;
  const students: Student[] = [];
  const strangers: TestSocket[] = [];

  beforeAll(async () => {
    created = await createSession(server.url, { config: { scenario: "classification" } });
    host = await attachHost(server.url, created);
    for (let i = 0; i < 10; i++) students.push(await joinStudent(server.url, created.joinCode, `p${i}`));
    for (let i = 0; i < 30; i++) strangers.push(await connectClient(server.url));
    expect(await host.send("round:open", {})).toMatchObject({ ok: true });
    expect(await students[0].send("guess:submit", { alpha: 0.2 })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    for (const s of [...students.map((x) => x.socket), ...strangers, host?.socket]) s?.close();
  });

  const comparable = (v: HostView) => ({ ...v, serverNow: 0, players: v.players.map((p) => ({ ...p, connected: true })) });

  it("answers each with a stable error (or drops it), never crashes, and changes nothing", async () => {
    const lastSeq = async () => (await server.database.prisma.session.findFirstOrThrow()).lastSeq;
    const seqBefore = await lastSeq();
    const viewBefore = comparable(await host.views.waitFor((v) => v.round?.guesses.length === 1));

    const random = lcg(42);
    const senders: { socket: TestSocket; role: string }[] = [
      ...students.map((s) => ({ socket: s.socket, role: "player" })),
      ...strangers.map((socket) => ({ socket, role: "stranger" })),
      { socket: host.socket, role: "host" },
    ];
    const events = [...Object.keys(clientCommands), ...unknownEvents];
    const codes = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const perSocket = new Map<TestSocket, number>();
    let sent = 0;
    while (sent < 1000) {
      const sender = senders[Math.floor(random() * senders.length)];
      // Stay under the per-connection burst allowance, so every payload really reaches validation.
      const count = perSocket.get(sender.socket) ?? 0;
      if (count >= 35) continue;
      perSocket.set(sender.socket, count + 1);
      const event = events[Math.floor(random() * events.length)];
      const payload = badValues[Math.floor(random() * badValues.length)];
      sent++;
      if (random() < 0.1) {
        raw(sender.socket).emit(event, payload); // no ack: must be dropped quietly
        continue;
      }
      pending.push(
        (raw(sender.socket).timeout(5_000).emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>).then(
          (ack) => {
            const key = ack.ok ? `ok:${event}` : String(ack.code);
            codes.set(key, (codes.get(key) ?? 0) + 1);
          },
        ),
      );
    }
    await Promise.all(pending);

    // Nothing hostile succeeded: only refusals with stable codes (and idempotent no-ops like a repeated lookup).
    const successes = [...codes.keys()].filter((k) => k.startsWith("ok:"));
    expect(successes).toEqual([]);
    for (const code of codes.keys()) expect(code).toMatch(/^[A-Z_]+$/);
    expect(codes.get("INVALID_PAYLOAD")).toBeGreaterThan(300);
    expect(codes.get("UNKNOWN_EVENT")).toBeGreaterThan(20);
    expect(codes.get("PAYLOAD_TOO_LARGE")).toBeGreaterThan(0);

    expect(await lastSeq()).toBe(seqBefore);
    const fresh = await host.send<{ ok: boolean; view: HostView }>("host:attach", {
      sessionId: created.sessionId,
      hostToken: created.hostToken,
    });
    expect(comparable(fresh.view)).toEqual(viewBefore);
    expect(Object.prototype).not.toHaveProperty("polluted");
    // Still serving: health answers and a real guess goes through.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(await students[1].send("guess:submit", { alpha: 0.3 })).toMatchObject({ ok: true });
  });

  it("disconnects a client whose single message is over the size limit, and keeps serving others", async () => {
    const big = await connectClient(server.url);
    const closed = new Promise<string>((resolve) => big.once("disconnect", resolve));
    raw(big).emit("guess:submit", { alpha: 0.1, padding: "y".repeat(64 * 1024) });
    expect(await closed).toMatch(/transport/);
    expect(await students[2].send("guess:submit", { alpha: 0.4 })).toMatchObject({ ok: true });
  });

  it("rate-limits a flooding connection", async () => {
    const flood = await connectClient(server.url);
    const acks = await Promise.all(
      Array.from({ length: 120 }, () =>
        raw(flood).timeout(5_000).emitWithAck("session:lookup", { code: "ZZZZZZ" }) as Promise<{ code?: string }>,
      ),
    );
    const limited = acks.filter((a) => a.code === "RATE_LIMITED").length;
    expect(limited).toBeGreaterThan(50);
    expect(acks.filter((a) => a.code === "SESSION_NOT_FOUND").length).toBeGreaterThanOrEqual(40);
    flood.close();
  });
});
