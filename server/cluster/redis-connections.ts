import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger";

/**
 * The Redis connections one node keeps. `commands` never queues while Redis is away (enableOfflineQueue false), so a
 * forward or a rate-limit check fails at once instead of hanging; `subscriber` resubscribes by itself on reconnect;
 * the adapter's pair is Socket.IO's (it may queue: a kick sent while Redis is away still arrives).
 */
export type RedisConnections = {
  commands: Redis;
  subscriber: Redis;
  adapterPub: Redis;
  adapterSub: Redis;
  /** True when Redis answers a PING within timeoutMs. Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
};

const BASE: RedisOptions = {
  // Keep trying, at most every 2 s: a Redis restart must be noticed within the 5 s the views have to converge.
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  maxRetriesPerRequest: 2,
  connectTimeout: 2000,
};

export async function openRedis(url: string, nodeId: string, log: Logger): Promise<RedisConnections> {
  const make = (role: string, extra: RedisOptions = {}) => {
    const client = new Redis(url, { ...BASE, connectionName: `backprop-live:${nodeId}:${role}`, lazyConnect: true, ...extra });
    let down = false;
    client.on("error", (error: Error) => {
      if (!down) log.warn("redis connection problem", { role, error: error.message });
      down = true;
    });
    client.on("ready", () => {
      if (down) log.info("redis connection back", { role });
      down = false;
    });
    return client;
  };
  // Auto-pipelining: what one event-loop turn sends (bundled forwards, answers, batches, rate-limit reports) leaves
  // in one socket write instead of one write per command.
  const commands = make("commands", { enableOfflineQueue: false, enableAutoPipelining: true });
  const subscriber = make("subscriber");
  const adapterPub = make("adapter-pub");
  const adapterSub = make("adapter-sub");
  const all = [commands, subscriber, adapterPub, adapterSub];
  try {
    await Promise.all(all.map((c) => c.connect()));
  } catch (error) {
    all.forEach((c) => c.disconnect());
    throw new Error(`Cannot reach Redis at ${redactRedisUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    commands,
    subscriber,
    adapterPub,
    adapterSub,
    async ping(timeoutMs = 1000) {
      if (commands.status !== "ready") return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          commands.ping().then((r) => r === "PONG"),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
        ]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/** redis://user:secret@host → redis://user:***@host, for logs and start-up errors. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}
