import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * An exclusive, pid-based lock on a data directory.
 *
 * PGlite has no inter-process locking of its own: two processes opening the same directory would both run a
 * single-user PostgreSQL over the same files and corrupt them. The lock file records who holds the directory so that a
 * second opener gets a clear error, and a lock left behind by a crashed process (its pid is gone, or the machine was
 * rebooted, or the pid now belongs to another program) is taken over instead of blocking start-up forever.
 */

const LOCK_FILE_NAME = "lock";

interface LockOwner {
  pid: number;
  hostname: string;
  /** Linux: start time of the process in clock ticks since boot; tells a live owner from a reused pid. */
  startTicks: string | null;
  /** Linux: identifies the boot; a lock from an earlier boot is stale whatever its pid. */
  bootId: string | null;
  createdAt: string;
}

export interface DataDirLock {
  readonly lockPath: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    message: string,
    readonly lockPath: string,
    readonly ownerPid: number | null,
  ) {
    super(message);
    this.name = "DataDirLockedError";
  }
}

/** Takes the lock on `dir` (created if missing) or throws DataDirLockedError naming the holder. */
export function acquireDataDirLock(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  const own = describeProcess(process.pid);
  const ownContent = JSON.stringify(own, null, 2) + "\n";

  // A couple of rounds: one to find a stale lock and move it aside, one to take the lock.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreateExclusive(lockPath, ownContent)) return makeHandle(lockPath, ownContent);

    const existingContent = readIfExists(lockPath);
    if (existingContent === null) continue; // released between our attempt and the read: try again
    const existing = parseOwner(existingContent);
    const verdict = judge(existing, own);
    if (verdict.kind === "held") {
      throw new DataDirLockedError(
        `Data directory ${dir} is in use: ${verdict.reason}. ` +
          `Only one process may open an embedded database directory at a time. ` +
          `If you are sure no process uses it, delete ${lockPath}.`,
        lockPath,
        existing?.pid ?? null,
      );
    }
    moveStaleLockAside(lockPath, existingContent);
  }
  throw new DataDirLockedError(
    `Could not take the lock on data directory ${dir}: another process kept taking it at the same time.`,
    lockPath,
    null,
  );
}

type Verdict = { kind: "held"; reason: string } | { kind: "stale" };

function judge(existing: LockOwner | null, own: LockOwner): Verdict {
  if (!existing) {
    // Our own writes are atomic (link of a complete file), so an unreadable lock is not a half-written one of ours:
    // refuse rather than guess, since a foreign tool may be holding it.
    return { kind: "held", reason: "its lock file exists but is not readable as a lock" };
  }
  if (existing.hostname !== own.hostname) {
    return {
      kind: "held",
      reason: `it is locked by pid ${existing.pid} on host ${existing.hostname}, whose liveness cannot be checked from here`,
    };
  }
  if (existing.bootId && own.bootId && existing.bootId !== own.bootId) return { kind: "stale" };
  if (!isAlive(existing.pid)) return { kind: "stale" };
  if (existing.startTicks && existing.startTicks !== readStartTicks(existing.pid)) return { kind: "stale" };
  if (existing.pid === process.pid) {
    return { kind: "held", reason: `it is already open in this process (pid ${process.pid})` };
  }
  return { kind: "held", reason: `it is locked by running process ${existing.pid} (since ${existing.createdAt})` };
}

/** Writes the complete file under a temporary name and hard-links it into place, which fails if the lock exists. */
function tryCreateExclusive(lockPath: string, content: string): boolean {
  const temporary = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  try {
    fs.linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if (isErrnoException(error) && error.code === "EEXIST") return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Renames the stale lock away rather than deleting it: if two processes judge the same lock stale at once, only one
 * rename finds the stale file; the other may move the winner's fresh lock, notices the content changed and puts it back.
 */
function moveStaleLockAside(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return;
    throw error;
  }
  const moved = readIfExists(aside);
  if (moved !== null && moved !== staleContent) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // Someone else already holds a new lock; the next round reports them.
    }
  }
  fs.rmSync(aside, { force: true });
}

function makeHandle(lockPath: string, ownContent: string): DataDirLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    if (readIfExists(lockPath) === ownContent) fs.rmSync(lockPath, { force: true });
  };
  // A normal exit without stop() should not leave a lock behind (a crash does; the next start takes it over).
  process.on("exit", release);
  return { lockPath, release };
}

function describeProcess(pid: number): LockOwner {
  return {
    pid,
    hostname: os.hostname(),
    startTicks: readStartTicks(pid),
    bootId: readTrimmed("/proc/sys/kernel/random/boot_id"),
    createdAt: new Date().toISOString(),
  };
}

function parseOwner(content: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== "object" || value === null) return null;
    const record = value as Record<string, unknown>;
    if (typeof record.pid !== "number" || !Number.isInteger(record.pid) || record.pid <= 0) return null;
    if (typeof record.hostname !== "string") return null;
    return {
      pid: record.pid,
      hostname: record.hostname,
      startTicks: typeof record.startTicks === "string" ? record.startTicks : null,
      bootId: typeof record.bootId === "string" ? record.bootId : null,
      createdAt: typeof record.createdAt === "string" ? record.createdAt : "an unknown time",
    };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrnoException(error) && error.code === "EPERM";
  }
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so count from its closing ")". */
function readStartTicks(pid: number): string | null {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null;
}

function readTrimmed(file: string): string | null {
  const content = readIfExists(file);
  return content === null ? null : content.trim();
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if (isErrnoException(error) && (error.code === "ENOENT" || error.code === "ENOTDIR")) return null;
    throw error;
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
