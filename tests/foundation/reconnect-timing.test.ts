import { describe, expect, it } from "vitest";
import { RECONNECT, reconnectDelay } from "@/app/_lib/reconnect-timing";

describe("the shared reconnect back-off", () => {
  it("doubles from 1 s and tops out at 10 s", () => {
    const middle = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => reconnectDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it("spreads each step ±50 % so a thousand phones do not retry together, never beyond the cap", () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(0, () => 0.999)).toBe(1499);
    expect(reconnectDelay(3, () => 0)).toBe(4000);
    expect(reconnectDelay(4, () => 0.999)).toBe(RECONNECT.maxMs);
    const firsts = Array.from({ length: 1000 }, () => reconnectDelay(0));
    const spread = new Set(firsts.map((ms) => Math.floor(ms / 100)));
    expect(spread.size).toBeGreaterThanOrEqual(9); // spread over the whole 0.5–1.5 s window, not one instant
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...firsts)).toBeLessThanOrEqual(1500);
  });
});
