import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from "rate-limiter-flexible";
import type { Logger } from "../logger";
import { windowLimit, type RateDecision, type RateLimitStore, type WindowLimit } from "./memory-limits";

export type RedisLimitOptions = {
  /** Prefix of every key, e.g. "bpl:rl"; each limiter adds `:<name>:<window>s`, so no two windows share a counter. */
  keyPrefix: string;
  log: Logger;
  /** Longest wait for Redis before a consume counts on this node instead (ms). */
  timeoutMs?: number;
};

export const REDIS_LIMIT_TIMEOUT_MS = 300;
const WARN_EVERY_MS = 30_000;
/** Keys refused by the shared count that one node remembers at most (the oldest are forgotten first). */
const MAX_BLOCKED_KEYS = 50_000;
/** How often a node reports the per-command points it admitted to Redis (the lag before a spread flood is stopped). */
const REPORT_EVERY_MS = 50;

/** The per-node fallback; says when it is used, since then a cluster's limits are multiplied by its node count. */
class NodeInsurance extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>) {
    this.onUse();
    return super.consume(key, points, options);
  }
}

/**
 * Limits counted in Redis, shared by every node of a cluster. While Redis does not answer (down, restarting, or a
 * command stuck longer than `timeoutMs`), each limiter counts on this node in a RateLimiterMemory of the same shape:
 * limits stay in force per node and no command waits on Redis. The client should have `enableOfflineQueue: false`
 * so commands fail at once while it is disconnected; a stuck connection is cut short by the timeout.
 */
export function redisLimitStore(redis: Redis, options: RedisLimitOptions): RateLimitStore {
  const timeoutMs = options.timeoutMs ?? REDIS_LIMIT_TIMEOUT_MS;
  const prefixes = new Set<string>();
  let lastWarning = -Infinity;
  const fellBack = (limiter: string) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    options.log.warn("rate limits counted on this node only: Redis did not answer", { limiter, timeoutMs });
  };
  return {
    limit(name, points, windowSeconds, limitOptions) {
      const keyPrefix = `${options.keyPrefix}:${name}:${windowSeconds}s`;
      if (prefixes.has(keyPrefix)) throw new Error(`Rate limiter ${keyPrefix} exists already; the two would share counts`);
      prefixes.add(keyPrefix);
      const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: windowSeconds, rejectIfRedisNotReady: true });
      // The insurance sits on the timeout wrapper, not on the Redis limiter: a late Redis error after a timeout then
      // finds the call settled instead of counting the same consume on this node a second time.
      const insurance = new NodeInsurance({ points, duration: windowSeconds }, () => fellBack(keyPrefix));
      if (limitOptions?.answerLocally) return answeredLocally(shared, new RateLimiterMemory({ points, duration: windowSeconds }));
      return windowLimit(new RLWrapperTimeouts({ limiter: shared, timeoutMs, insuranceLimiter: insurance }));
    },
  };
}

/**
 * See LimitOptions.answerLocally: this node's own count answers; the shared count, kept in the background, refuses a
 * key on this node once all nodes together have spent its allowance. If Redis is away the node's count still holds.
 */
function answeredLocally(shared: RateLimiterRedis, local: RateLimiterMemory): WindowLimit {
  const blockedUntil = new Map<string, number>();
  /** Points taken here since the last report to Redis, per key: a burst is one Redis call per key, not one per command. */
  const unreported = new Map<string, number>();
  let reporting: NodeJS.Timeout | undefined;
  const report = () => {
    reporting = undefined;
    for (const [key, points] of unreported)
      shared.consume(key, points).catch((refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) return; // Redis away: this node's count goes on alone
        if (blockedUntil.size >= MAX_BLOCKED_KEYS) blockedUntil.delete(blockedUntil.keys().next().value!);
        blockedUntil.set(key, Date.now() + refusal.msBeforeNext);
      });
    unreported.clear();
  };
  const localLimit = windowLimit(local);
  const decide = async (key: string, cost = 1): Promise<RateDecision> => {
    const until = blockedUntil.get(key);
    if (until !== undefined) {
      const left = until - Date.now();
      if (left > 0) return { allowed: false, msBeforeNext: left };
      blockedUntil.delete(key);
    }
    const answer = await localLimit.decide(key, cost);
    if (!answer.allowed) return answer;
    unreported.set(key, (unreported.get(key) ?? 0) + cost);
    reporting ??= setTimeout(report, REPORT_EVERY_MS);
    reporting.unref?.();
    return answer;
  };
  return { decide, consume: async (key, cost) => (await decide(key, cost)).allowed };
}
