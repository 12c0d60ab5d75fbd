import type { GuessKind } from "@/lib/protocol";
import { formatAlpha, formatBeta } from "@/app/_components/pictures/format-number";
import { alphaGrid, decadeIndices, nearestIndex, startingAlpha } from "./alpha-scale";

/** What the phone's slider needs to know about the value a round asks for. */
export type GuessScale = {
  kind: GuessKind;
  symbol: "α" | "β";
  /** Every value the slider can take, ascending. */
  grid: readonly number[];
  /** Indices of the grid that carry a label under the track. */
  labelled: readonly number[];
  format: (value: number) => string;
  /** Where the slider starts: the server's guess, else the last one (α only), else this. */
  start: number;
  /** Index of the grid value closest to `value` on this scale. */
  nearest: (value: number) => number;
  ends: { low: string; high: string };
  /** Read out by screen readers after the slider's value. */
  description: string;
};

/**
 * lib/protocol's BETA_LIMITS, mirrored: importing its values would bring zod onto every phone (a test checks they agree).
 */
export const PHONE_BETA_LIMITS = { min: 0, max: 0.999 } as const;

/** The labelled β stops: equal steps on the 1 − β scale, where momentum's effect lives. */
const BETA_STOPS = [0.5, 0.9, 0.95, 0.99, 0.999] as const;

/** α on its log grid of nice values (1, 1.5, 2, 3, 5, 7 × 10ⁿ) within the session's range. */
export function alphaScale(min: number, max: number): GuessScale {
  const grid = alphaGrid(min, max);
  const labelled = decadeIndices(grid);
  return {
    kind: "alpha",
    symbol: "α",
    grid,
    // Thin the labels on ranges of many decades so they never overlap on a 320 px track.
    labelled: labelled.length > 6 ? labelled.filter((_, i) => i % 2 === 0) : labelled,
    format: formatAlpha,
    start: startingAlpha(min, max),
    nearest: (v) => nearestIndex(grid, v),
    ends: { low: "← tiny, careful steps", high: "big jumps →" },
    description: `Logarithmic scale from ${formatAlpha(min)} to ${formatAlpha(max)}; each step is the next round value.`,
  };
}

/**
 * β from 0 to 0.999 on a log grid of 1 − β (the same nice values as α, from 1 down to 0.001): 0.9 → 0.99 is as big
 * a move as 0 → 0.9, which is how momentum behaves (its memory lasts about 1 / (1 − β) steps).
 */
export function betaScale(): GuessScale {
  const rests = alphaGrid(1 - PHONE_BETA_LIMITS.max, 1 - PHONE_BETA_LIMITS.min).reverse();
  // Rounded through a short decimal so 1 − 0.07 is exactly 0.93, and the last stop exactly the server's 0.999.
  const grid = rests.map((r) => Number((1 - r).toFixed(6)));
  const labelled = [0, ...BETA_STOPS.map((b) => grid.indexOf(b))].filter((i) => i >= 0);
  return {
    kind: "beta",
    symbol: "β",
    grid,
    labelled,
    format: formatBeta,
    start: 0.9,
    nearest: (v) => nearestIndex(rests, Math.max(1e-6, 1 - v)),
    ends: { low: "← forgets fast", high: "long memory →" },
    description: `Scale from ${PHONE_BETA_LIMITS.min} to ${PHONE_BETA_LIMITS.max}, finer near 1: each step divides 1 − β by about 1.5.`,
  };
}
