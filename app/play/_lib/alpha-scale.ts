/**
 * The learning-rate slider works on a log grid of "nice" values: 1, 1.5, 2, 3, 5, 7 × 10ⁿ.
 * Students think in orders of magnitude, and a value like 0.0317 would suggest a precision nobody has.
 */
const MANTISSAS = [1, 1.5, 2, 3, 5, 7] as const;

/** Round-trips through a 2-digit decimal string so 3 × 10⁻⁵ is exactly the double 0.00003 (and ≥ alphaMin holds). */
const nice = (mantissa: number, exponent: number) => Number((mantissa * 10 ** exponent).toPrecision(2));

/** Every nice α from min to max, ascending. The ends are always included, even when they are not nice themselves. */
export function alphaGrid(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [min];
  const grid: number[] = [];
  for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of MANTISSAS) {
      const value = nice(m, e);
      if (value > min && value < max) grid.push(value);
    }
  }
  return [min, ...grid, max];
}

/** Index of the grid value closest to α on the log scale. */
export function nearestIndex(grid: readonly number[], alpha: number): number {
  let best = 0;
  for (let i = 1; i < grid.length; i++) {
    if (Math.abs(Math.log(grid[i] / alpha)) < Math.abs(Math.log(grid[best] / alpha))) best = i;
  }
  return best;
}

/** Where the slider starts when the student has no guess yet: the middle of the range on the log scale. */
export function startingAlpha(min: number, max: number): number {
  return Math.sqrt(min * max);
}

/** Indices of the powers of ten in the grid, for tick labels under the slider. */
export function decadeIndices(grid: readonly number[]): number[] {
  return grid.flatMap((value, i) => (Number.isInteger(Math.log10(value)) ? [i] : []));
}
