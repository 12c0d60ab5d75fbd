/**
 * Helpers for bench/load.ts: seeded numbers, percentiles, table cells, child processes that are always cleaned up.
 * Importing this file has no side effects (the bare reference server imports it too).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorMessage } from "@/lib/protocol/error-message";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// — numbers —

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

/** A player-view-like object of roughly `bytes` bytes as JSON: nested numbers and short strings, not one long string. */
export function viewLikePayload(seq: number, bytes: number, me = 0): Record<string, unknown> {
  const curve: { alpha: number; loss: number; diverged: boolean }[] = [];
  const base = { seq, serverNow: Date.now(), me: { playerId: `p${me}`, nickname: `phone ${me}`, total: 1234, rank: me + 1 } };
  let size = JSON.stringify(base).length + 12;
  for (let i = 0; size < bytes && i < 10_000; i++) {
    const point = { alpha: Number((1e-3 * 1.3 ** (i % 40)).toPrecision(6)), loss: Number((1 / (1 + i)).toPrecision(8)), diverged: false };
    curve.push(point);
    size += JSON.stringify(point).length + 1;
  }
  return { ...base, curve };
}

// — time —

export const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, msToWait));

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined where /proc is unavailable. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU time (ms) all cores of this machine spent busy so far (not idle, not waiting for I/O), from /proc/stat. */
export function machineBusyMs(): number | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest time is counted in user)
    return ((total - ticks[3] - ticks[4]) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process in MB, from /proc. */
export function processRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// — child processes and temporary directories, cleaned up on every way out —

const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const cleanups = new Set<() => Promise<void>>();

/** An async clean-up step run by cleanupAll after the children have stopped (e.g. dropping a scratch database). */
export function registerCleanup(step: () => Promise<void>): () => void {
  cleanups.add(step);
  return () => cleanups.delete(step);
}

export function registerTempDir(dir: string): void {
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Kills every child still running (SIGTERM, then SIGKILL after graceMs), removes every temporary directory, runs the clean-up steps. */
export async function cleanupAll(graceMs = 5_000): Promise<void> {
  await Promise.all(
    [...liveChildren].map(async (child) => {
      if (!alive(child)) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => alive(child) && child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
  for (const dir of [...tempDirs]) removeTempDir(dir);
  for (const step of [...cleanups]) {
    cleanups.delete(step);
    await step().catch((error: unknown) => console.error(`clean-up step failed: ${errorMessage(error)}`));
  }
}

/** Last resort from a synchronous `exit` handler: SIGKILL whatever is left and remove the directories. */
export function cleanupSync(): void {
  for (const child of liveChildren) if (alive(child)) child.kill("SIGKILL");
  for (const dir of [...tempDirs]) {
    try {
      removeTempDir(dir);
    } catch {
      // nothing more can be done on the way out
    }
  }
}

export type Child = {
  name: string;
  url: string;
  process: ChildProcess;
  pid: number;
  /** The last ~256 KB the process printed (stdout and stderr interleaved). */
  output(): string;
  /** Lines the process printed since the given offset into its total output that look like warnings or errors. */
  problemsSince(offset: number): string[];
  /** Total characters printed so far (for problemsSince). */
  printed(): number;
  /** Sends `signal` and waits for the exit; SIGKILL after timeoutMs. Resolves with the exit code (null when killed). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
};

const OUTPUT_KEEP = 256 * 1024;

/**
 * Starts `node --import tsx <root>/<script>` (in root, default the repository) with `env`, and resolves once it printed `listening url=http://…`.
 * The child is registered for cleanup before anything can fail, and stops itself if this process dies (load-orphan-guard.mjs).
 */
export async function spawnTsChild(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  options: { timeoutMs: number; keepStdinOpen?: boolean; root?: string },
): Promise<Child> {
  const root = options.root ?? ROOT;
  const guard = pathToFileURL(path.join(ROOT, "bench", "load-orphan-guard.mjs")).href;
  const child = spawn(process.execPath, ["--import", "tsx", "--import", guard, path.join(root, script)], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: [options.keepStdinOpen ? "pipe" : "ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  let output = "";
  let dropped = 0;
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_KEEP * 2) {
      dropped += output.length - OUTPUT_KEEP;
      output = output.slice(-OUTPUT_KEEP);
    }
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not print its URL within ${options.timeoutMs} ms. It printed:\n${output.slice(-4000)}`));
    }, options.timeoutMs);
    const check = () => {
      const match = /listening url=(http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve(match[1]);
      }
    };
    child.stdout!.on("data", check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before listening. It printed:\n${output.slice(-4000)}`));
    });
  });

  return {
    name,
    url,
    process: child,
    pid: child.pid!,
    output: () => output,
    printed: () => dropped + output.length,
    problemsSince(offset) {
      const start = Math.max(0, offset - dropped);
      return output
        .slice(start)
        .split("\n")
        .filter((line) => /\b(WARN|ERROR)\b|Error|error:/.test(line));
    },
    async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000) {
      const started = performance.now();
      if (alive(child)) child.kill(signal);
      const timer = setTimeout(() => alive(child) && child.kill("SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, ms: performance.now() - started };
    },
  };
}
