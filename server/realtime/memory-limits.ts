import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * All a caller needs from a rate limiter. Kept this small so a cluster can swap in rate-limiter-flexible's Redis store
 * (same windows, shared counts) without touching the guards.
 */
export interface RateLimit {
  /** Takes `points` from `key`'s allowance; false when the allowance for the current window is spent. */
  consume(key: string, points?: number): Promise<boolean>;
}

/** One fixed window's answer: refused ones say when the allowance comes back (for a Retry-After). */
export type RateDecision = { allowed: boolean; msBeforeNext: number };
export interface WindowLimit extends RateLimit {
  decide(key: string, points?: number): Promise<RateDecision>;
}

/**
 * Where limits count: this process (`memoryLimitStore`) or, in a cluster, Redis shared by every node
 * (`redisLimitStore` in ./redis-limits). `name` tells limiters apart in a shared store; use each (name, window) once.
 */
export type RateLimitStore = { limit(name: string, points: number, windowSeconds: number, options?: LimitOptions): WindowLimit };

export type LimitOptions = {
  /**
   * For limits checked on every command: answer from this node's count at once and count in the shared store in the
   * background, so no command waits on a network round trip. A key the shared count finds over its allowance is
   * refused on this node for the rest of the window, so a flood spread over nodes is stopped within one round trip.
   */
  answerLocally?: boolean;
};

/** A WindowLimit over any rate-limiter-flexible limiter: a refusal is an answer, any other rejection an error. */
export function windowLimit(limiter: RateLimiterAbstract): WindowLimit {
  const decide = (key: string, cost = 1): Promise<RateDecision> =>
    limiter.consume(key, cost).then(
      (res) => ({ allowed: true, msBeforeNext: res.msBeforeNext }),
      (refusal: unknown) => {
        if (refusal instanceof RateLimiterRes) return { allowed: false, msBeforeNext: refusal.msBeforeNext };
        throw refusal;
      },
    );
  return { decide, consume: async (key, cost) => (await decide(key, cost)).allowed };
}

/** `points` per fixed window of `windowSeconds`, counted in this process. */
export function memoryRateLimit(points: number, windowSeconds: number): WindowLimit {
  return windowLimit(new RateLimiterMemory({ points, duration: windowSeconds }));
}

/** Counts in this process; names do not matter here, as every limit gets a limiter of its own. */
export const memoryLimitStore: RateLimitStore = { limit: (_name, points, windowSeconds) => memoryRateLimit(points, windowSeconds) };

/**
 * A per-minute limit that a class can use up within the minute but a script cannot use up at once: at most a sixth of
 * it (or the whole of a small limit, up to 20) in any 10-second window. At the default 1,200 joins a minute, a
 * 1,000-seat hall behind one NAT is in within 50 s, while a flood from one address gets 200 players per 10 s — few
 * enough for the host to see it coming and lock joining or remove the wave.
 */
export const PER_MINUTE_WINDOW_SECONDS = 60;
export const BURST_WINDOW_SECONDS = 10;
export function perMinuteLimit(perMinute: number, store: RateLimitStore = memoryLimitStore, name = "per-minute"): RateLimit {
  const minute = store.limit(name, Math.max(1, perMinute), PER_MINUTE_WINDOW_SECONDS);
  const burst = store.limit(name, Math.max(Math.ceil(perMinute / 6), Math.min(perMinute, 20), 1), BURST_WINDOW_SECONDS);
  return { consume: async (key, cost = 1) => (await burst.consume(key, cost)) && (await minute.consume(key, cost)) };
}

/** A per-second limit with bursts of up to two seconds' worth. */
export const PER_SECOND_WINDOW_SECONDS = 2;
export function perSecondLimit(perSecond: number, store: RateLimitStore = memoryLimitStore, name = "per-second"): RateLimit {
  return store.limit(name, Math.max(1, perSecond * PER_SECOND_WINDOW_SECONDS), PER_SECOND_WINDOW_SECONDS, { answerLocally: true });
}
