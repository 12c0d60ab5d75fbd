/** Most extra points a guess can earn for speed. */
export const SPEED_BONUS_MAX = 200;

/**
 * Speed bonus: up to 200 points, scaled by the base score (a fast bad guess earns nothing) and by how early in the
 * round the counted guess came: bonus = round(200 · (baseScore / 1000) · (1 − answeredAfter / roundDuration)).
 */
export function speedBonus(baseScore: number, answeredAfterMs: number, roundDurationMs: number): number {
  if (baseScore <= 0 || roundDurationMs <= 0) return 0;
  const earliness = Math.min(1, Math.max(0, 1 - answeredAfterMs / roundDurationMs));
  return Math.round(SPEED_BONUS_MAX * (baseScore / 1000) * earliness);
}
