import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import { consoleDbLogger, type DbLogger } from "./logger";
import { errorMessage } from "../protocol/error-message";

/**
 * Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly, in this process) served over the PostgreSQL wire
 * protocol by pglite-socket, so Prisma's official adapter-pg and `pg` talk to it exactly as to a real server.
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
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    const created = !fs.existsSync(path.join(pgdataDir, "PG_VERSION"));
    db = await openCluster(pgdataDir, created ? options.templateCacheDir : undefined, log);

    const endpoint = chooseEndpoint(dataDir);
    if (endpoint.kind === "unix") fs.rmSync(endpoint.socketPath, { force: true }); // left by a crash; we hold the lock
    server = new PGLiteSocketServer({
      db,
      maxConnections: SERVER_MAX_CONNECTIONS,
      ...(endpoint.kind === "unix" ? { path: endpoint.socketPath } : { host: "127.0.0.1", port: 0 }),
    });
    await server.start();
    const connectionString =
      endpoint.kind === "unix"
        ? `postgresql://postgres@${encodeURIComponent(dataDir)}:${SOCKET_NAME_NUMBER}/postgres`
        : `postgresql://postgres@${server.getServerConn()}/postgres`;

    log.info("embedded PostgreSQL ready", {
      dataDir,
      created,
      transport: endpoint.kind === "unix" ? "unix socket" : `tcp ${server.getServerConn()}`,
      startMs: Math.round(performance.now() - startedAt),
    });
    return {
      connectionString,
      dataDir,
      created,
      maxClientConnections: EMBEDDED_POOL_SIZE,
      stop: once(() => shutdown(db, server, lock, endpoint, log)),
    };
  } catch (error) {
    await shutdown(db, server, lock, chooseEndpoint(dataDir), log).catch(() => {});
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}: ${errorMessage(error)}`, { cause: error });
  }
}

type Endpoint = { kind: "unix"; socketPath: string } | { kind: "tcp" };

/** A unix socket in our own directory is private to this user and faster (~0.1 ms vs ~0.2-0.4 ms per query). */
function chooseEndpoint(dataDir: string): Endpoint {
  const socketPath = path.join(dataDir, `.s.PGSQL.${SOCKET_NAME_NUMBER}`);
  if (process.platform === "win32" || Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_LENGTH) return { kind: "tcp" };
  return { kind: "unix", socketPath };
}

async function openCluster(pgdataDir: string, templateCacheDir: string | undefined, log: DbLogger): Promise<PGlite> {
  if (templateCacheDir) {
    try {
      const template = await ensureTemplate(templateCacheDir, log);
      fs.rmSync(pgdataDir, { recursive: true, force: true });
      fs.cpSync(template, pgdataDir, { recursive: true });
      return await PGlite.create({ dataDir: pgdataDir });
    } catch (error) {
      // The cache is an optimisation: never let a bad cache stop a start. Fall back to a real initdb.
      log.warn("cached PostgreSQL template unusable; running initdb", { templateCacheDir, error: errorMessage(error) });
      fs.rmSync(pgdataDir, { recursive: true, force: true });
    }
  }
  // PGlite's NodeFS creates only the last path segment.
  fs.mkdirSync(path.dirname(pgdataDir), { recursive: true });
  return PGlite.create({ dataDir: pgdataDir });
}

/**
 * Returns the pgdata directory of a cleanly closed, freshly initialised cluster for this PGlite version, building it
 * once. Built under a temporary name and renamed into place, so concurrent test workers never see half a template; a
 * "complete" marker written last guards against a directory partly removed by a tmp cleaner.
 */
async function ensureTemplate(cacheDir: string, log: DbLogger): Promise<string> {
  const templateDir = path.join(cacheDir, `pglite-${pgliteVersion()}`);
  const marker = path.join(templateDir, "complete");
  const templatePgdata = path.join(templateDir, "pgdata");
  if (fs.existsSync(marker) && fs.existsSync(path.join(templatePgdata, "PG_VERSION"))) return templatePgdata;

  fs.rmSync(templateDir, { recursive: true, force: true });
  const building = `${templateDir}.building-${process.pid}-${Math.random().toString(36).slice(2)}`;
  fs.mkdirSync(building, { recursive: true });
  try {
    const startedAt = performance.now();
    const db = await PGlite.create({ dataDir: path.join(building, "pgdata") });
    await db.close();
    fs.writeFileSync(path.join(building, "complete"), new Date().toISOString());
    try {
      fs.renameSync(building, templateDir);
    } catch (error) {
      // Another worker finished first; theirs is as good as ours.
      if (!fs.existsSync(marker)) throw error;
    }
    log.info("built PostgreSQL template cache", { templateDir, ms: Math.round(performance.now() - startedAt) });
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return templatePgdata;
}

let cachedPgliteVersion: string | undefined;

/** The installed PGlite version, read from its package.json (which its "exports" map does not expose). */
function pgliteVersion(): string {
  if (cachedPgliteVersion) return cachedPgliteVersion;
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve("@electric-sql/pglite"));
  for (let depth = 0; depth < 5; depth++) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const parsed: unknown = JSON.parse(fs.readFileSync(manifest, "utf8"));
      if (typeof parsed === "object" && parsed !== null && "name" in parsed && "version" in parsed) {
        if (parsed.name === "@electric-sql/pglite" && typeof parsed.version === "string") {
          cachedPgliteVersion = parsed.version;
          return parsed.version;
        }
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error("cannot determine the installed @electric-sql/pglite version");
}

async function shutdown(
  db: PGlite | undefined,
  server: PGLiteSocketServer | undefined,
  lock: DataDirLock,
  endpoint: Endpoint,
  log: DbLogger,
): Promise<void> {
  const problems: string[] = [];
  try {
    // Stop accepting and drop client sockets first, so no query reaches PGlite while it shuts down.
    if (server) await server.stop();
  } catch (error) {
    problems.push(`socket server: ${errorMessage(error)}`);
  }
  try {
    // close() waits for running queries, then shuts PostgreSQL down (a checkpoint), so the next open skips recovery.
    if (db && !db.closed) await db.close();
  } catch (error) {
    problems.push(`PGlite: ${errorMessage(error)}`);
  }
  if (endpoint.kind === "unix") fs.rmSync(endpoint.socketPath, { force: true });
  // Release the directory only if PostgreSQL really shut down; otherwise a second opener could race a live cluster.
  if (problems.length === 0 || db?.closed) lock.release();
  if (problems.length > 0) {
    log.error("embedded PostgreSQL did not stop cleanly", { problems });
    throw new Error(`Embedded PostgreSQL did not stop cleanly: ${problems.join("; ")}`);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => (pending ??= fn());
}
