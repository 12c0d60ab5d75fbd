import type { LossPoint } from "@/lib/protocol";

export type TrailPoint = { params: readonly number[]; loss: number; step: number };

/**
 * The weights after each step since the last reset (history[].params is only recorded for models of one or two
 * parameters). The last point is where the network is now.
 */
export function descentTrail(history: readonly LossPoint[]): TrailPoint[] {
  let start = 0;
  history.forEach((p, i) => {
    if (p.policy === "reset") start = i;
  });
  return history
    .slice(start)
    .filter((p): p is LossPoint & { params: number[] } => p.params !== null)
    .map((p) => ({ params: p.params, loss: p.trainLoss, step: p.step }));
}

/** [lo, hi] around all values with a margin, never empty. */
export function paddedRange(values: readonly number[], pad = 0.12, minSpan = 1): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = Math.max(hi - lo, minSpan);
  const mid = (lo + hi) / 2;
  return [mid - span / 2 - span * pad, mid + span / 2 + span * pad];
}
