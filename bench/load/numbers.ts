/** Seeded numbers, percentiles and the text table of bench/load.ts. */

/** mulberry32: a small seeded generator, deterministic across runs and machines. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-uniform in [min, max], rounded to 4 significant digits (and clamped, so rounding never leaves the range). */
export function logUniform(random: () => number, min: number, max: number): number {
  const value = Number((min * (max / min) ** random()).toPrecision(4));
  return Math.min(max, Math.max(min, value));
}

export type Stats = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles (p99 of 500 samples is the 495th smallest). Null for no samples. */
export function stats(values: readonly number[]): Stats | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = Float64Array.from(finite).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const sum = finite.reduce((a, b) => a + b, 0);
  return { n: finite.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], mean: sum / finite.length };
}

export function ms(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)}s`;
  if (value >= 100) return value.toFixed(0);
  return value.toFixed(1);
}

export function describeStats(s: Stats | null): string {
  if (!s) return "no samples";
  return `p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / p99 ${ms(s.p99)} / max ${ms(s.max)} ms (n=${s.n})`;
}

/** Fixed-width text table; numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
