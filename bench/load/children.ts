/**
 * Child processes and temporary directories of bench/load.ts, cleaned up on every way out (the bench's exit handlers
 * call cleanupAll / cleanupSync). Importing this file has no side effects (the bare reference server imports it too).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorMessage } from "@/lib/protocol/error-message";

/** The repository. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

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
 * Starts `node [nodeArgs] --import tsx <root>/<script> [args]` (in root, default the repository) with `env`, and resolves once it printed `listening url=http://…`.
 * The child is registered for cleanup before anything can fail, and stops itself if this process dies (orphan-guard.mjs).
 */
export async function spawnTsChild(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  options: { timeoutMs: number; keepStdinOpen?: boolean; root?: string; args?: readonly string[]; nodeArgs?: readonly string[] },
): Promise<Child> {
  const root = options.root ?? ROOT;
  const guard = pathToFileURL(path.join(ROOT, "bench", "load", "orphan-guard.mjs")).href;
  // BENCH_NODE_ARGS adds Node flags to every server child, for profiling: "--cpu-prof --cpu-prof-dir=/tmp/prof", or
  // "--perf-basic-prof" so `perf record -a -g` names JavaScript frames.
  const profile = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...(options.nodeArgs ?? []), "--import", "tsx", "--import", guard, path.join(root, script), ...(options.args ?? [])], {
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
