import net from "node:net";
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "@/server/limits";
import type { Logger } from "@/server/logger";
import { LiveGuard } from "@/server/realtime/live-guard";
import type { RateLimit } from "@/server/realtime/memory-limits";
import { redisLimitStore } from "@/server/realtime/redis-limits";
import type { AppSocket } from "@/server/realtime/socket-server";
import { reportSkip } from "../helpers/database";
import { redisServerSkipReason, startPrivateRedis, type PrivateRedis } from "./helpers/cluster";

const skip = redisServerSkipReason();
if (skip) reportSkip(skip);

/** A logger that keeps its warnings, so a test can see the fallback was reported. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log = {
    warnings,
    debug: () => {},
    info: () => {},
    warn: (message: string) => void warnings.push(message),
    error: () => {},
    child: () => log,
  };
  return log;
}

/** All LiveGuard reads of a socket before it counts a join: its handshake. */
const socketFrom = (address: string) => ({ handshake: { headers: {}, address }, data: {} }) as unknown as AppSocket;

/** How long one consume took, and its answer. */
async function timed(limit: RateLimit, key: string): Promise<{ allowed: boolean; ms: number }> {
  const started = performance.now();
  const allowed = await limit.consume(key);
  return { allowed, ms: performance.now() - started };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!!skip)("rate limits shared by cluster nodes through Redis", () => {
  let redis: PrivateRedis;
  const clients: Redis[] = [];
  let run = 0;
  /** A key prefix of this test's own, so tests never see each other's counts. */
  const prefix = () => `bpl:test:${++run}`;

  /** A node's client as the lead builds it: commands fail at once while disconnected instead of queueing. */
  async function nodeClient(url = redis.url, options: { enableReadyCheck?: boolean } = {}): Promise<Redis> {
    const client = new Redis(url, { enableOfflineQueue: false, retryStrategy: () => 100, ...options });
    client.on("error", () => {}); // reconnects on its own; the limiter falls back meanwhile
    clients.push(client);
    if (client.status !== "ready") await once(client, "ready");
    return client;
  }

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  it("two nodes' guards share one join allowance per address", async () => {
    const log = recordingLogger();
    const limits = { ...DEFAULT_LIMITS, joinsPerAddressPerMinute: 6 };
    const keyPrefix = prefix();
    const nodeA = new LiveGuard(limits, 0, log, redisLimitStore(await nodeClient(), { keyPrefix, log }));
    const nodeB = new LiveGuard(limits, 0, log, redisLimitStore(await nodeClient(), { keyPrefix, log }));
    const school = socketFrom("203.0.113.7");

    const onA = [];
    for (let i = 0; i < 4; i++) onA.push(await nodeA.admitJoin(school));
    const onB = [];
    for (let i = 0; i < 3; i++) onB.push(await nodeB.admitJoin(school));
    expect(onA).toEqual([true, true, true, true]);
    expect(onB).toEqual([true, true, false]);
    expect(await nodeA.admitJoin(school)).toBe(false);
    // Another address has its own allowance on either node.
    expect(await nodeB.admitJoin(socketFrom("198.51.100.2"))).toBe(true);
    expect(log.warnings).toEqual([]);
  });

  it("per-command limits answer on the node at once, and the shared count stops a flood spread over nodes", async () => {
    const log = recordingLogger();
    const keyPrefix = prefix();
    const storeA = redisLimitStore(await nodeClient(), { keyPrefix, log });
    const storeB = redisLimitStore(await nodeClient(), { keyPrefix, log });
    const onA = storeA.limit("player-commands", 5, 10, { answerLocally: true });
    const onB = storeB.limit("player-commands", 5, 10, { answerLocally: true });
    const answersA = [];
    for (let i = 0; i < 5; i++) answersA.push(await onA.consume("player-1"));
    expect(answersA).toEqual([true, true, true, true, true]);
    // B's own count is fresh, so its first command goes through while Redis is asked in the background…
    expect(await onB.consume("player-1")).toBe(true);
    // …and once Redis has said the allowance is spent across the cluster, B refuses too (B reports every 50 ms).
    await new Promise((r) => setTimeout(r, 400));
    expect(await onB.consume("player-1")).toBe(false);
    expect(await onB.consume("player-2")).toBe(true);
    // A node that spent the allowance itself refuses from its own count, Redis or not.
    expect(await onA.consume("player-1")).toBe(false);
  });

  it("different limiters and different windows never share counts", async () => {
    const log = recordingLogger();
    const keyPrefix = prefix();
    const client = await nodeClient();
    const store = redisLimitStore(client, { keyPrefix, log });
    const joins = store.limit("joins", 2, 60);
    const connections = store.limit("connections", 2, 60);
    const joinsBurst = store.limit("joins", 2, 10);

    expect([await joins.consume("a"), await joins.consume("a"), await joins.consume("a")]).toEqual([true, true, false]);
    expect(await connections.consume("a")).toBe(true);
    expect(await joinsBurst.consume("a")).toBe(true);
    expect((await client.keys(`${keyPrefix}:*`)).sort()).toEqual(
      [`${keyPrefix}:connections:60s:a`, `${keyPrefix}:joins:10s:a`, `${keyPrefix}:joins:60s:a`].sort(),
    );
    // A second limiter of the same name and window would share counts with the first: refused.
    expect(() => store.limit("joins", 5, 60)).toThrow(/share counts/);

    // LiveGuard's own limiters: a player's commands do not spend their address's allowance, nor the other way round.
    const limits = { ...DEFAULT_LIMITS, commandsPerPlayerPerSecond: 1, commandsPerAddressPerSecond: 1000 };
    const guard = new LiveGuard(limits, 0, log, redisLimitStore(client, { keyPrefix: prefix(), log }));
    const phone = (playerId: string) =>
      ({ handshake: { headers: {}, address: "192.0.2.5" }, data: { role: "player", sessionId: "s1", playerId } }) as unknown as AppSocket;
    expect([await guard.admitCommand(phone("p1")), await guard.admitCommand(phone("p1")), await guard.admitCommand(phone("p1"))]).toEqual([
      true,
      true,
      false,
    ]);
    expect(await guard.admitCommand(phone("p2"))).toBe(true);
  });

  it("while Redis is down each node answers at once and counts on its own; once back, counting is shared again", async () => {
    const log = recordingLogger();
    const keyPrefix = prefix();
    const clientA = await nodeClient();
    const clientB = await nodeClient();
    const nodeA = redisLimitStore(clientA, { keyPrefix, log }).limit("joins", 3, 60);
    const nodeB = redisLimitStore(clientB, { keyPrefix, log }).limit("joins", 3, 60);

    await redis.stop();
    const outage = [];
    for (let i = 0; i < 4; i++) outage.push(await timed(nodeA, "10.0.0.1"));
    for (let i = 0; i < 4; i++) outage.push(await timed(nodeB, "10.0.0.1"));
    for (const answer of outage) expect(answer.ms).toBeLessThan(1000);
    // Each node keeps the limit in force for itself: 3 each, the fourth refused.
    expect(outage.map((answer) => answer.allowed)).toEqual([true, true, true, false, true, true, true, false]);
    expect(log.warnings.length).toBeGreaterThan(0);

    await redis.start();
    await until(() => clientA.status === "ready" && clientB.status === "ready");
    expect([await nodeA.consume("10.0.0.2"), await nodeA.consume("10.0.0.2"), await nodeB.consume("10.0.0.2")]).toEqual([true, true, true]);
    expect(await nodeB.consume("10.0.0.2")).toBe(false);
    expect(await nodeA.consume("10.0.0.2")).toBe(false);
  });

  it("a Redis that stops answering mid-connection costs a consume only the timeout, then counts on this node", async () => {
    // A relay to the private Redis that can go silent, as a partition or a paused server looks to a connected client.
    let silent = false;
    const sockets: net.Socket[] = [];
    const relay = net.createServer((inbound) => {
      const upstream = net.connect(redis.port, "127.0.0.1");
      sockets.push(inbound, upstream);
      inbound.on("data", (chunk) => void (silent || upstream.write(chunk)));
      upstream.on("data", (chunk) => void (silent || inbound.write(chunk)));
      for (const socket of [inbound, upstream]) socket.on("error", () => {});
    });
    relay.listen(0, "127.0.0.1");
    await once(relay, "listening");
    try {
      const client = await nodeClient(`redis://127.0.0.1:${(relay.address() as net.AddressInfo).port}`);
      const log = recordingLogger();
      const limit = redisLimitStore(client, { keyPrefix: prefix(), log, timeoutMs: 200 }).limit("joins", 1, 60);
      expect(await limit.consume("10.0.0.3")).toBe(true); // counted in Redis
      silent = true;
      const refused = await timed(limit, "10.0.0.4");
      const first = await timed(limit, "10.0.0.3");
      const second = await timed(limit, "10.0.0.3");
      expect(client.status).toBe("ready");
      for (const answer of [refused, first, second]) expect(answer.ms).toBeLessThan(1000);
      // This node's own count starts from nothing: one more for 10.0.0.3, then refused.
      expect([refused.allowed, first.allowed, second.allowed]).toEqual([true, true, false]);
      expect(log.warnings.length).toBe(1); // one warning per outage, not one per consume
      client.disconnect();
    } finally {
      for (const socket of sockets) socket.destroy();
      relay.close();
    }
  });
});
