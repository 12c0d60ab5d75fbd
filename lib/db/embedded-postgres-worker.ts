import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { DbLogger } from "./logger";
import { errorMessage } from "../protocol/error-message";

/**
 * The embedded PostgreSQL's own thread: PGlite (PostgreSQL compiled to WebAssembly) and the pglite-socket server that
 * speaks the wire protocol for it. Every query runs here, so a burst of writes never stalls the server's event loop,
 * and on a machine with two cores PostgreSQL and the server work at the same time. The main thread (embedded-postgres.ts)
 * holds the data directory's lock and talks to this thread only to start and stop it; clients reach PostgreSQL over
 * the socket as before.
 */

export type WorkerStart = {
  pgdataDir: string;
  templateCacheDir?: string;
  endpoint: { kind: "unix"; socketPath: string } | { kind: "tcp" };
  maxConnections: number;
};

export type ToWorker = { type: "stop" };
export type FromWorker =
  | { type: "log"; level: keyof DbLogger; message: string; context?: Record<string, unknown> }
  | { type: "ready"; created: boolean; serverConn: string }
  | { type: "failed"; message: string }
  | { type: "stopped"; problems: string[]; closed: boolean };

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const log: DbLogger = {
  info: (message, context) => post({ type: "log", level: "info", message, context }),
  warn: (message, context) => post({ type: "log", level: "warn", message, context }),
  error: (message, context) => post({ type: "log", level: "error", message, context }),
};

const start = workerData as WorkerStart;
let db: PGlite | undefined;
let server: PGLiteSocketServer | undefined;

async function run(): Promise<void> {
  const created = !fs.existsSync(path.join(start.pgdataDir, "PG_VERSION"));
  db = await openCluster(start.pgdataDir, created ? start.templateCacheDir : undefined, log);
  server = new PGLiteSocketServer({
    db,
    maxConnections: start.maxConnections,
    ...(start.endpoint.kind === "unix" ? { path: start.endpoint.socketPath } : { host: "127.0.0.1", port: 0 }),
  });
  await server.start();
  post({ type: "ready", created, serverConn: server.getServerConn() });
}

async function stop(): Promise<void> {
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
  post({ type: "stopped", problems, closed: db?.closed ?? true });
  port.close();
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

// Last, so every declaration above is initialised before the thread starts work.
port.on("message", (message: ToWorker) => {
  if (message.type === "stop") void stop();
});
run().catch((error: unknown) => post({ type: "failed", message: errorMessage(error) }));
