/** Log-spaced bins for learning rates: equal width in log α, so 0.001…0.003 gets as much room as 1…3. */
export type LogBin = { from: number; to: number; count: number; label: string };

/**
 * Counts `values` into `perDecade` bins per power of ten, from the decade below `lo` to the one above `hi`
 * (so bin edges fall on round numbers). Values outside are put in the first or last bin.
 */
export function logBins(values: readonly number[], lo: number, hi: number, perDecade = 2): Omit<LogBin, "label">[] {
  const start = Math.floor(Math.log10(lo) + 1e-9);
  const end = Math.ceil(Math.log10(hi) - 1e-9);
  const n = Math.max(1, (end - start) * perDecade);
  const bins = Array.from({ length: n }, (_, i) => ({
    from: 10 ** (start + i / perDecade),
    to: 10 ** (start + (i + 1) / perDecade),
    count: 0,
  }));
  for (const v of values) {
    if (!(v > 0)) continue;
    const i = Math.floor((Math.log10(v) - start) * perDecade + 1e-9);
    bins[Math.min(n - 1, Math.max(0, i))].count++;
  }
  return bins;
}
