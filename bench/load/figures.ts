/**
 * The headline figures of one run, each for the real server and the bare reference of the same shape, with their
 * ratio where the issue asks for one; and the median of each over several runs.
 */
import type { AppResult } from "./app-run";
import type { BareResult } from "./bare-run";
import { ms, table } from "./numbers";

type Unit = "ms" | "Bps" | "MB";

export type Figure = {
  key: string;
  label: string;
  unit: Unit;
  app: (a: AppResult) => number | undefined;
  bare: (b: BareResult) => number | undefined;
  /** Print app / bare. */
  ratio: boolean;
};

const perGuess = (cpuMs: number | undefined, sent: number) => (cpuMs === undefined || sent === 0 ? undefined : cpuMs / sent);
const per1000 = (mb: number | undefined, phones: number) => (mb === undefined || phones === 0 ? undefined : (mb / phones) * 1000);
const minus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);

export const FIGURES: readonly Figure[] = [
  { key: "ackP50", label: "guess ack p50", unit: "ms", app: (a) => a.guesses.acks?.p50, bare: (b) => b.acks?.p50, ratio: true },
  { key: "ackP95", label: "guess ack p95", unit: "ms", app: (a) => a.guesses.acks?.p95, bare: (b) => b.acks?.p95, ratio: true },
  { key: "ackP99", label: "guess ack p99", unit: "ms", app: (a) => a.guesses.acks?.p99, bare: (b) => b.acks?.p99, ratio: true },
  { key: "revealP50", label: "reveal delivered p50 (bare: per-phone push)", unit: "ms", app: (a) => a.reveal.delivery?.p50, bare: (b) => b.each.delivery?.p50, ratio: true },
  { key: "revealP95", label: "reveal delivered p95 (bare: per-phone push)", unit: "ms", app: (a) => a.reveal.delivery?.p95, bare: (b) => b.each.delivery?.p95, ratio: true },
  { key: "revealP99", label: "reveal delivered p99 (bare: per-phone push)", unit: "ms", app: (a) => a.reveal.delivery?.p99, bare: (b) => b.each.delivery?.p99, ratio: true },
  { key: "revealEmitP99", label: "reveal delivered p99 (bare: io.emit to the room)", unit: "ms", app: (a) => a.reveal.delivery?.p99, bare: (b) => b.broadcast.delivery?.p99, ratio: true },
  { key: "hostSawAll", label: "host saw all, after the last ack", unit: "ms", app: (a) => a.guesses.hostSawAllMs ?? undefined, bare: (b) => b.hostSawAllMs ?? undefined, ratio: false },
  { key: "burstConsoles", label: "guess burst: to all consoles", unit: "Bps", app: (a) => a.traffic.burst.consoleSumBps, bare: (b) => b.traffic.burst.consoleSumBps, ratio: false },
  { key: "burstConsoleMax", label: "guess burst: to the busiest console", unit: "Bps", app: (a) => a.traffic.burst.consoleMaxBps, bare: (b) => b.traffic.burst.consoleMaxBps, ratio: false },
  { key: "burstPhones", label: "guess burst: to all phones", unit: "Bps", app: (a) => a.traffic.burst.phonesBps, bare: (b) => b.traffic.burst.phonesBps, ratio: false },
  { key: "revealConsoles", label: "reveal delivery: to all consoles", unit: "Bps", app: (a) => a.traffic.reveal.consoleSumBps, bare: (b) => b.traffic.reveal.consoleSumBps, ratio: false },
  { key: "revealConsoleMax", label: "reveal delivery: to the busiest console", unit: "Bps", app: (a) => a.traffic.reveal.consoleMaxBps, bare: (b) => b.traffic.reveal.consoleMaxBps, ratio: false },
  { key: "revealPhones", label: "reveal delivery: to all phones", unit: "Bps", app: (a) => a.traffic.reveal.phonesBps, bare: (b) => b.traffic.reveal.phonesBps, ratio: false },
  { key: "cpuPerGuess", label: "server CPU per guess (guess phase)", unit: "ms", app: (a) => perGuess(a.guesses.phase.serverCpuMs, a.guesses.sent), bare: (b) => perGuess(b.guessPhase.serverCpuMs, b.sent), ratio: true },
  { key: "rssPer1000", label: "server RSS per 1,000 phones (all of it, after the join)", unit: "MB", app: (a) => per1000(a.memory.afterJoinMb, a.join.ok), bare: (b) => per1000(b.memory.afterJoinMb, b.connect.ok), ratio: false },
  {
    key: "rssGrowthPer1000",
    label: "server RSS growth per 1,000 phones (after the join − before the phones)",
    unit: "MB",
    app: (a) => per1000(minus(a.memory.afterJoinMb, a.memory.beforePhonesMb), a.join.ok),
    bare: (b) => per1000(minus(b.memory.afterJoinMb, b.memory.beforePhonesMb), b.connect.ok),
    ratio: false,
  },
];

/** One run's figures: each figure's real-server and reference values (undefined when not measured). */
export type RunFigures = Map<string, { app?: number; bare?: number; ratio?: number }>;

export function runFigures(app: AppResult | undefined, bare: BareResult | undefined): RunFigures {
  const out: RunFigures = new Map();
  for (const f of FIGURES) {
    const a = app ? f.app(app) : undefined;
    const b = bare ? f.bare(bare) : undefined;
    const ratio = f.ratio && a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
    out.set(f.key, { app: a, bare: b, ratio });
  }
  return out;
}

export function median(values: readonly (number | undefined)[]): number | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Each figure's median over the runs (real, reference and ratio separately: the ratio is the median of the runs' ratios). */
export function medianFigures(runs: readonly RunFigures[]): RunFigures {
  const out: RunFigures = new Map();
  for (const f of FIGURES) {
    const values = runs.map((r) => r.get(f.key));
    out.set(f.key, { app: median(values.map((v) => v?.app)), bare: median(values.map((v) => v?.bare)), ratio: median(values.map((v) => v?.ratio)) });
  }
  return out;
}

/** KB = 1,000 bytes. */
export function kbPerSecond(bps: number | undefined): string {
  if (bps === undefined || !Number.isFinite(bps)) return "–";
  return `${(bps / 1000).toFixed(bps >= 100_000 ? 0 : 1)} KB/s`;
}

function formatValue(unit: Unit, value: number | undefined): string {
  if (value === undefined) return "–";
  if (unit === "Bps") return kbPerSecond(value);
  if (unit === "MB") return `${value.toFixed(1)} MB`;
  return value < 1 ? `${value.toFixed(3)} ms` : `${ms(value)} ms`;
}

export function figuresTable(figures: RunFigures): string {
  const rows = FIGURES.map((f) => {
    const v = figures.get(f.key);
    return [f.label, formatValue(f.unit, v?.app), formatValue(f.unit, v?.bare), v?.ratio === undefined ? "" : `${v.ratio.toFixed(2)}×`];
  });
  return table(["figure", "backprop-live", "bare socket.io", "ratio"], rows);
}
