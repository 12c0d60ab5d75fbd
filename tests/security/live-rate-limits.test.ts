import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import type { RunningServer } from "@/server/app-server";
import { DEFAULT_LIMITS, type Limits } from "@/server/limits";
import { perMinuteLimit } from "@/server/realtime/memory-limits";
import { createTempDataDir } from "../helpers/database";
import { attachHost, createSession, joinStudent, resumeStudent } from "../helpers/lesson";
import { startTestServer } from "../helpers/server";
import { connectClient, request, type TestSocket } from "../helpers/socket-client";

type Ack = { ok: boolean; code?: string };

/** Connects claiming to come from `forwardedFor`; resolves with the socket or the refusal's error code. */
function connectAs(url: string, forwardedFor?: string): Promise<TestSocket | { refused: string }> {
  const socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  }) as TestSocket;
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      resolve({ refused: String((error as Error & { data?: { code?: string } }).data?.code) });
    });
  });
}

function useServer(options: { limits: Partial<Limits>; trustProxy?: number }) {
  const ctx = {} as { server: RunningServer; sockets: TestSocket[]; dataDir: Awaited<ReturnType<typeof createTempDataDir>> };
  beforeAll(async () => {
    ctx.dataDir = await createTempDataDir();
    ctx.sockets = [];
    ctx.server = await startTestServer({ dataDir: ctx.dataDir.path, ...options });
  });
  afterAll(async () => {
    for (const socket of ctx.sockets) socket.close();
    await ctx.server?.close();
    await ctx.dataDir?.remove();
  });
  return ctx;
}

const isSocket = (s: TestSocket | { refused: string }): s is TestSocket => !("refused" in s);

describe("defaults let a 1,000-seat lecture hall behind one NAT address in within a minute, but not a flood at once", () => {
  afterEach(() => vi.useRealTimers());

  it("admits 1,000 joins and 1,000 connections from one address in under 60 s of limiter time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const secondsFor = async (perMinute: number, n: number) => {
      const limit = perMinuteLimit(perMinute);
      vi.setSystemTime(start);
      let admitted = 0;
      for (let second = 0; second < 120; second++) {
        vi.setSystemTime(start + second * 1000);
        // Phones keep trying; a refused one tries again a second later.
        while (admitted < n && (await limit.consume("10.0.0.1"))) admitted++;
        if (admitted === n) return second;
      }
      return Infinity;
    };
    expect(await secondsFor(DEFAULT_LIMITS.joinsPerAddressPerMinute, 1000)).toBeLessThan(60);
    expect(await secondsFor(DEFAULT_LIMITS.connectionsPerAddressPerMinute, 1000)).toBeLessThan(60);
    expect(DEFAULT_LIMITS.socketsPerAddress).toBeGreaterThanOrEqual(1000);
    // …but not all at once: a script flooding from one address for 6 s gets at most a sixth of a minute's joins.
    const flood = perMinuteLimit(DEFAULT_LIMITS.joinsPerAddressPerMinute);
    let flooded = 0;
    for (let second = 0; second < 6; second++) {
      vi.setSystemTime(start + 200_000 + second * 1000);
      for (let i = 0; i < 1000; i++) if (await flood.consume("10.0.0.2")) flooded++;
    }
    expect(flooded).toBe(Math.ceil(DEFAULT_LIMITS.joinsPerAddressPerMinute / 6));
    // A second minute's worth is refused until the window has passed.
    expect(await secondsFor(DEFAULT_LIMITS.joinsPerAddressPerMinute, DEFAULT_LIMITS.joinsPerAddressPerMinute + 1)).toBeGreaterThanOrEqual(59);
  });
});

describe("joins per address", () => {
  const ctx = useServer({ limits: { joinsPerAddressPerMinute: 2 }, trustProxy: 1 });

  it("refuses the third join in a window from one address, but not from another behind the trusted proxy", async () => {
    const created = await createSession(ctx.server.url);
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = await connectAs(ctx.server.url, "203.0.113.7");
      if (!isSocket(socket)) throw new Error(socket.refused);
      ctx.sockets.push(socket);
      const ack = await request<Ack>(socket, "player:join", { code: created.joinCode, nickname: `nat ${i}` });
      results.push(ack.ok ? "ok" : ack.code!);
    }
    expect(results).toEqual(["ok", "ok", "RATE_LIMITED"]);
    const elsewhere = await connectAs(ctx.server.url, "198.51.100.2");
    if (!isSocket(elsewhere)) throw new Error(elsewhere.refused);
    ctx.sockets.push(elsewhere);
    expect(await request(elsewhere, "player:join", { code: created.joinCode, nickname: "elsewhere" })).toMatchObject({ ok: true });
  });
});

describe("without TRUST_PROXY a forged X-Forwarded-For changes nothing", () => {
  const ctx = useServer({ limits: { joinsPerAddressPerMinute: 2 } });

  it("counts every forged address as the socket's own", async () => {
    const created = await createSession(ctx.server.url);
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = await connectAs(ctx.server.url, `192.0.2.${i + 1}`);
      if (!isSocket(socket)) throw new Error(socket.refused);
      ctx.sockets.push(socket);
      const ack = await request<Ack>(socket, "player:join", { code: created.joinCode, nickname: `forged ${i}` });
      results.push(ack.ok ? "ok" : ack.code!);
    }
    expect(results).toEqual(["ok", "ok", "RATE_LIMITED"]);
  });
});

describe("connections per address", () => {
  const ctx = useServer({ limits: { connectionsPerAddressPerMinute: 2 }, trustProxy: 1 });

  it("refuses new connections beyond the rate, per address", async () => {
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await connectAs(ctx.server.url, "203.0.113.9"));
    ctx.sockets.push(...outcomes.filter(isSocket));
    expect(outcomes.map((o) => (isSocket(o) ? "ok" : o.refused))).toEqual(["ok", "ok", "RATE_LIMITED"]);
    const other = await connectAs(ctx.server.url, "203.0.113.10");
    expect(isSocket(other)).toBe(true);
    if (isSocket(other)) ctx.sockets.push(other);
  });
});

describe("sockets open at once per address", () => {
  const ctx = useServer({ limits: { socketsPerAddress: 2 } });

  it("refuses the third open socket and admits one again after a socket closes", async () => {
    const a = await connectAs(ctx.server.url);
    const b = await connectAs(ctx.server.url);
    if (!isSocket(a) || !isSocket(b)) throw new Error("refused too early");
    ctx.sockets.push(b);
    expect(await connectAs(ctx.server.url)).toEqual({ refused: "RATE_LIMITED" });
    a.close();
    let again: TestSocket | { refused: string } = { refused: "never tried" };
    for (let i = 0; i < 50 && !isSocket(again); i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await connectAs(ctx.server.url);
    }
    expect(isSocket(again)).toBe(true);
    if (isSocket(again)) ctx.sockets.push(again);
  });
});

describe("per player: devices, commands across devices, guesses per round", () => {
  const ctx = useServer({ limits: { devicesPerPlayer: 2, guessesPerRound: 3, commandsPerPlayerPerSecond: 3 } });

  it("refuses a player token on a third device at once, and allows it again after one disconnects", async () => {
    const created = await createSession(ctx.server.url);
    const phone = await joinStudent(ctx.server.url, created.joinCode, "many screens");
    const laptop = await resumeStudent(ctx.server.url, phone.sessionId, phone.playerToken);
    ctx.sockets.push(phone.socket, laptop.socket);
    expect(laptop.ack).toMatchObject({ ok: true });
    const third = await resumeStudent(ctx.server.url, phone.sessionId, phone.playerToken);
    ctx.sockets.push(third.socket);
    expect(third.ack).toMatchObject({ ok: false, code: "TOO_MANY_DEVICES" });
    laptop.socket.close();
    let retry: Ack = { ok: false };
    for (let i = 0; i < 50 && !retry.ok; i++) {
      await new Promise((r) => setTimeout(r, 100));
      retry = await request<Ack>(third.socket, "player:resume", { sessionId: phone.sessionId, playerToken: phone.playerToken });
    }
    expect(retry).toMatchObject({ ok: true });
  });

  it("limits one player's commands across all their devices", async () => {
    const created = await createSession(ctx.server.url);
    const phone = await joinStudent(ctx.server.url, created.joinCode, "flooder");
    const laptop = await resumeStudent(ctx.server.url, phone.sessionId, phone.playerToken);
    ctx.sockets.push(phone.socket, laptop.socket);
    // 3 per second with 2 s bursts is 6 per window; 24 lookups across two devices cannot all pass in one or two windows.
    const acks = await Promise.all(
      Array.from({ length: 24 }, (_, i) => request<Ack>(i % 2 ? phone.socket : laptop.socket, "session:lookup", { code: created.joinCode })),
    );
    const limited = acks.filter((a) => a.code === "RATE_LIMITED").length;
    expect(limited).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(12);
  });

  it("caps guess changes per round, and the cap survives a restart", async () => {
    const created = await createSession(ctx.server.url);
    const host = await attachHost(ctx.server.url, created);
    const student = await joinStudent(ctx.server.url, created.joinCode, "fidget");
    ctx.sockets.push(host.socket, student.socket);
    expect((await host.send("round:open", {})).ok).toBe(true);
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      // Spaced so the per-player command rate is not what refuses them.
      await new Promise((r) => setTimeout(r, 400));
      const ack = await student.send<Ack>("guess:submit", { alpha: 0.1 + i * 0.01 });
      results.push(ack.ok ? "ok" : ack.code!);
    }
    expect(results).toEqual(["ok", "ok", "ok", "GUESS_LIMIT"]);
    student.socket.close();
    host.socket.close();

    await ctx.server.close();
    ctx.server = await startTestServer({ dataDir: ctx.dataDir.path, limits: { devicesPerPlayer: 2, guessesPerRound: 3 } });
    const back = await resumeStudent(ctx.server.url, student.sessionId, student.playerToken);
    ctx.sockets.push(back.socket);
    expect(back.ack).toMatchObject({ ok: true });
    expect(back.views.latest?.round?.myGuess).toBeCloseTo(0.12);
    expect(await back.send("guess:submit", { alpha: 0.3 })).toMatchObject({ ok: false, code: "GUESS_LIMIT" });
    // A new round starts a new count.
    const host2 = await attachHost(ctx.server.url, created);
    ctx.sockets.push(host2.socket);
    expect((await host2.send("round:close", {})).ok).toBe(true);
    expect((await host2.send("round:reveal", {})).ok).toBe(true);
    expect((await host2.send("round:open", {})).ok).toBe(true);
    expect(await back.send("guess:submit", { alpha: 0.3 })).toMatchObject({ ok: true });
  });
});

describe("commands per address across sockets", () => {
  const ctx = useServer({ limits: { commandsPerAddressPerSecond: 5 } });

  it("refuses a flood spread over many sockets from one address", async () => {
    const created = await createSession(ctx.server.url);
    const sockets = await Promise.all(Array.from({ length: 4 }, () => connectClient(ctx.server.url)));
    ctx.sockets.push(...sockets);
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request<Ack>(sockets[i % 4], "session:lookup", { code: created.joinCode })),
    );
    expect(acks.filter((a) => a.code === "RATE_LIMITED").length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(20);
  });
});
