import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import type { FromWorker, ToWorker, WorkerStart } from "./embedded-postgres-worker";
import { consoleDbLogger, type DbLogger } from "./logger";
import { errorMessage } from "../protocol/error-message";

/**
 * Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly, in this process, on its own thread: see
 * embedded-postgres-worker.ts) served over the PostgreSQL wire protocol by pglite-socket, so Prisma's official
 * adapter-pg and `pg` talk to it exactly as to a real server.
 *
 * Layout of the data directory given by the caller:
 *   <dataDir>/lock               who holds the directory (see data-dir-lock.ts)
 *   <dataDir>/pgdata/            PGlite's PostgreSQL cluster
 *   <dataDir>/.s.PGSQL.<n>       the unix socket while running (TCP on 127.0.0.1 if the path is too long)
 *
 * ONE CLIENT CONNECTION AT A TIME. PGlite is a single PostgreSQL backend. pglite-socket accepts several connections
 * and multiplexes them, but at the granularity of protocol messages, not of a client's Parse/Bind/Execute/Sync
 * batch, and all connections share one session. Measured here: when one client's batch is split across reads,
 * another connection's Parse in between replaces its unnamed statement ("bind message supplies 0 parameters, but
 * prepared statement "" requires 1"); session state (prepared statement names, SET, advisory locks) is shared too.
 * So clients of the embedded server must use a pool of EMBEDDED_POOL_SIZE (1). Nothing is lost by it: PGlite
 * executes one statement at a time anyway.
 */
export const EMBEDDED_POOL_SIZE = 1;

/**
 * The socket server's connection cap: above the pool size so a pool replacing a closed connection (or a one-off psql
 * for debugging) is not refused while the old connection is still being torn down.
 */
const SERVER_MAX_CONNECTIONS = 4;

/** Number in the unix socket's file name; only a name, no TCP port is involved. */
const SOCKET_NAME_NUMBER = 54329;

/** Linux allows 107 bytes in a socket path, macOS 103; stay under both. */
const MAX_SOCKET_PATH_LENGTH = 100;

export interface EmbeddedPostgresOptions {
  /** Directory owned by this embedded server; created if missing. */
  dataDir: string;
  /**
   * Tests only: a directory where a freshly initialised cluster is cached, so a new data directory is a copy
   * (~0.5 s) instead of an initdb (~2.5-3 s here, 5-9 s on slower machines).
   */
  templateCacheDir?: string;
  log?: DbLogger;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of the running server (no password: the embedded server does not check one). */
  readonly connectionString: string;
  readonly dataDir: string;
  /** True when this start created the cluster (first open of the directory). */
  readonly created: boolean;
  /** Clients must not open more connections than this at once; see the module comment. */
  readonly maxClientConnections: number;
  /** Closes the socket server, shuts PostgreSQL down cleanly and releases the directory. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (!options.dataDir || typeof options.dataDir !== "string") {
    throw new TypeError("startEmbeddedPostgres: dataDir must be a non-empty path");
  }
  const log = options.log ?? consoleDbLogger;
  const dataDir = path.resolve(options.dataDir);
  const pgdataDir = path.join(dataDir, "pgdata");
  const startedAt = performance.now();

  const lock = acquireDataDirLock(dataDir);
  const endpoint = chooseEndpoint(dataDir);
  let thread: DatabaseThread | undefined;
  try {
    if (endpoint.kind === "unix") fs.rmSync(endpoint.socketPath, { force: true }); // left by a crash; we hold the lock
    thread = new DatabaseThread(
      { pgdataDir, templateCacheDir: options.templateCacheDir, endpoint, maxConnections: SERVER_MAX_CONNECTIONS },
      log,
    );
    const { created, serverConn } = await thread.ready;
    const connectionString =
      endpoint.kind === "unix"
        ? `postgresql://postgres@${encodeURIComponent(dataDir)}:${SOCKET_NAME_NUMBER}/postgres`
        : `postgresql://postgres@${serverConn}/postgres`;

    log.info("embedded PostgreSQL ready", {
      dataDir,
      created,
      transport: endpoint.kind === "unix" ? "unix socket" : `tcp ${serverConn}`,
      startMs: Math.round(performance.now() - startedAt),
    });
    const running = thread;
    return {
      connectionString,
      dataDir,
      created,
      maxClientConnections: EMBEDDED_POOL_SIZE,
      stop: once(() => shutdown(running, lock, endpoint, log)),
    };
  } catch (error) {
    await shutdown(thread, lock, endpoint, log).catch(() => {});
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The worker thread running PGlite and its socket server, seen from the main thread. */
class DatabaseThread {
  readonly ready: Promise<{ created: boolean; serverConn: string }>;
  private readonly worker: Worker;
  private stopped: Promise<{ problems: string[]; closed: boolean }> | undefined;
  private onStopped: ((result: { problems: string[]; closed: boolean }) => void) | undefined;
  private exited = false;

  constructor(start: WorkerStart, log: DbLogger) {
    this.worker = new Worker(new URL("./embedded-postgres-worker-entry.mjs", import.meta.url), { workerData: start });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on("message", (message: FromWorker) => {
        if (message.type === "log") log[message.level](message.message, message.context);
        else if (message.type === "ready") resolve(message);
        else if (message.type === "failed") reject(new Error(message.message));
        else if (message.type === "stopped") this.onStopped?.(message);
      });
      this.worker.on("error", (error) => {
        log.error("embedded PostgreSQL thread failed", { error: errorMessage(error) });
        reject(error);
      });
      this.worker.on("exit", (code) => {
        this.exited = true;
        reject(new Error(`the embedded PostgreSQL thread exited (code ${code}) before it was ready`));
        this.onStopped?.({ problems: code === 0 ? [] : [`thread exited with code ${code}`], closed: code === 0 });
      });
    });
    // A rejected start is reported through the caller's await; never as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Stops the socket server and shuts PostgreSQL down cleanly, then lets the thread end. */
  stop(): Promise<{ problems: string[]; closed: boolean }> {
    if (this.stopped) return this.stopped;
    if (this.exited) return (this.stopped = Promise.resolve({ problems: [], closed: true }));
    this.stopped = new Promise((resolve) => (this.onStopped = resolve));
    this.worker.postMessage({ type: "stop" } satisfies ToWorker);
    return this.stopped;
  }
}

type Endpoint = { kind: "unix"; socketPath: string } | { kind: "tcp" };

/** A unix socket in our own directory is private to this user and faster (~0.1 ms vs ~0.2-0.4 ms per query). */
function chooseEndpoint(dataDir: string): Endpoint {
  const socketPath = path.join(dataDir, `.s.PGSQL.${SOCKET_NAME_NUMBER}`);
  if (process.platform === "win32" || Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_LENGTH) return { kind: "tcp" };
  return { kind: "unix", socketPath };
}

async function shutdown(thread: DatabaseThread | undefined, lock: DataDirLock, endpoint: Endpoint, log: DbLogger): Promise<void> {
  const { problems, closed } = thread ? await thread.stop() : { problems: [], closed: true };
  if (endpoint.kind === "unix") fs.rmSync(endpoint.socketPath, { force: true });
  // Release the directory only if PostgreSQL really shut down; otherwise a second opener could race a live cluster.
  if (problems.length === 0 || closed) lock.release();
  if (problems.length > 0) {
    log.error("embedded PostgreSQL did not stop cleanly", { problems });
    throw new Error(`Embedded PostgreSQL did not stop cleanly: ${problems.join("; ")}`);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => (pending ??= fn());
}
