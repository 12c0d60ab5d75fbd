import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, acquireDataDirLock } from "@/lib/db/data-dir-lock";
import { createTempDataDir, type TempDataDir } from "../helpers/database";

function writeLock(dir: string, owner: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, "lock"), JSON.stringify(owner));
}

/** A short-lived child process: a real, live pid that is not ours. */
function startSleeper(): { pid: number; stop(): Promise<void> } {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return {
    pid: child.pid as number,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

describe("data directory lock", () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await createTempDataDir("bl-lock-");
  });
  afterEach(async () => {
    await dir.remove();
  });

  it("is exclusive within a process and can be taken again after release", () => {
    const lock = acquireDataDirLock(dir.path);
    expect(() => acquireDataDirLock(dir.path)).toThrow(/already open in this process/);
    lock.release();
    lock.release(); // idempotent
    expect(fs.existsSync(path.join(dir.path, "lock"))).toBe(false);
    acquireDataDirLock(dir.path).release();
  });

  it("refuses while another live process holds it, and takes it over once that process is gone", async () => {
    const sleeper = startSleeper();
    writeLock(dir.path, { pid: sleeper.pid, hostname: os.hostname(), createdAt: "earlier" });
    let error: unknown;
    try {
      acquireDataDirLock(dir.path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).ownerPid).toBe(sleeper.pid);
    expect((error as Error).message).toMatch(new RegExp(`locked by running process ${sleeper.pid}`));
    expect((error as Error).message).toContain(path.join(dir.path, "lock"));

    await sleeper.stop();
    const lock = acquireDataDirLock(dir.path);
    expect(JSON.parse(fs.readFileSync(lock.lockPath, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it.runIf(fs.existsSync("/proc/self/stat"))("treats a live pid with another start time as reused, hence stale", () => {
    writeLock(dir.path, { pid: process.ppid, hostname: os.hostname(), startTicks: "1", createdAt: "long ago" });
    acquireDataDirLock(dir.path).release();
  });

  it("refuses a lock from another host or an unreadable lock file instead of guessing", () => {
    writeLock(dir.path, { pid: 1, hostname: "some-other-host", createdAt: "x" });
    expect(() => acquireDataDirLock(dir.path)).toThrow(/on host some-other-host/);
    fs.writeFileSync(path.join(dir.path, "lock"), "not json");
    expect(() => acquireDataDirLock(dir.path)).toThrow(/not readable as a lock/);
  });
});
