import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * All a caller needs from a rate limiter. Kept this small so a cluster can swap in rate-limiter-flexible's Redis store
 * (same windows, shared counts) without touching the guards.
 */
export interface RateLimit {
  /** Takes `points` from `key`'s allowance; false when the allowance for the current window is spent. */
  consume(key: string, points?: number): Promise<boolean>;
}

/** `points` per fixed window of `windowSeconds`, counted in this process. */
export function memoryRateLimit(points: number, windowSeconds: number): RateLimit {
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  return {
    consume: (key, cost = 1) =>
      limiter.consume(key, cost).then(
        () => true,
        (refusal: unknown) => {
          if (refusal instanceof RateLimiterRes) return false;
          throw refusal;
        },
      ),
  };
}

/**
 * A per-minute limit, all of which may come at once: a class arrives together (bench/load.ts joins 1,000 phones from
 * one address in a few seconds), so a burst is the normal case, not the attack. One fixed 60-second window.
 */
export const PER_MINUTE_WINDOW_SECONDS = 60;
export function perMinuteLimit(perMinute: number): RateLimit {
  return memoryRateLimit(Math.max(1, perMinute), PER_MINUTE_WINDOW_SECONDS);
}

/** A per-second limit with bursts of up to two seconds' worth. */
export const PER_SECOND_WINDOW_SECONDS = 2;
export function perSecondLimit(perSecond: number): RateLimit {
  return memoryRateLimit(Math.max(1, perSecond * PER_SECOND_WINDOW_SECONDS), PER_SECOND_WINDOW_SECONDS);
}
