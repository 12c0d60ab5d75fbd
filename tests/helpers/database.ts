import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { redactConnectionString, silentDbLogger, type DbLogger } from "@/lib/db/logger";
import { errorMessage } from "@/lib/protocol/error-message";

/**
 * Database helpers for tests.
 *
 * - Embedded mode: createTempDataDir() gives each test its own data directory under os.tmpdir().
 * - PostgreSQL mode: runs only when TEST_DATABASE_URL is set (on the dev machine:
 *   postgresql://postgres@127.0.0.1:5432/test). Each test gets a scratch database of its own
 *   (createScratchPostgresDatabase), so tests never see each other's rows or leftovers of crashed runs.
 *   Without TEST_DATABASE_URL those suites are skipped with a printed "SKIPPED: <reason>" line, never silently.
 */

/**
 * New embedded data directories start as a copy of a cached, freshly initialised cluster (~0.5 s instead of a 2.5-9 s
 * initdb). openDatabase() reads this variable when no templateCacheDir is passed; setting it here makes every test that
 * uses these helpers benefit, including ones that start the whole server.
 */
export const PGLITE_TEMPLATE_CACHE_DIR = path.join(os.tmpdir(), "backprop-live-pglite-templates");
process.env.PGLITE_TEMPLATE_CACHE_DIR ??= PGLITE_TEMPLATE_CACHE_DIR;

export interface TempDataDir {
  path: string;
  /** Deletes the directory (idempotent). Close any database using it first. */
  remove(): Promise<void>;
}

const undeleted = new Set<string>();
// A test that fails before its afterAll still should not leave 40 MB clusters in /tmp.
process.once("exit", () => {
  for (const dir of undeleted) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty directory under os.tmpdir(). Short on purpose: the embedded server puts a unix socket in it. */
export async function createTempDataDir(prefix = "bl-db-"): Promise<TempDataDir> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  undeleted.add(dir);
  return {
    path: dir,
    async remove() {
      await fsp.rm(dir, { recursive: true, force: true });
      undeleted.delete(dir);
    },
  };
}

/** Prints the reason a suite is skipped, in one greppable format, and returns it (for describe.skipIf). */
export function reportSkip(reason: string): string {
  const line = `SKIPPED: ${reason}`;
  console.warn(line);
  return line;
}

/** TEST_DATABASE_URL, or undefined when PostgreSQL tests should be skipped. */
export function postgresTestUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

let reportedPostgresSkip: string | undefined;

/**
 * Why PostgreSQL suites are skipped (printed once per test file), or undefined when they run. A set but unreachable
 * TEST_DATABASE_URL is deliberately NOT a skip: the tests then fail, because someone asked for them.
 */
export function postgresSkipReason(): string | undefined {
  if (postgresTestUrl()) return undefined;
  reportedPostgresSkip ??= reportSkip(
    "PostgreSQL tests need TEST_DATABASE_URL (e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test); " +
      "embedded-database tests still ran",
  );
  return reportedPostgresSkip;
}

export interface ScratchDatabase {
  /** baseUrl with the scratch database's name. */
  url: string;
  name: string;
  /** Drops the database, disconnecting anyone still connected (idempotent). */
  drop(): Promise<void>;
}

const SCRATCH_PREFIX = "bl_test_";
/** Scratch databases older than this are leftovers of crashed runs and are dropped when a new one is made. */
const LEFTOVER_AGE_MS = 24 * 60 * 60 * 1000;

/** Creates `bl_test_<time>_<random>` on the server of baseUrl (which must allow CREATE DATABASE). */
export async function createScratchPostgresDatabase(baseUrl: string): Promise<ScratchDatabase> {
  if (!baseUrl) throw new TypeError("createScratchPostgresDatabase: baseUrl is required (see postgresTestUrl())");
  // The name carries its creation time so that later runs can tell leftovers from databases in use.
  const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(baseUrl, async (client) => {
    await dropLeftovers(client);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => (dropped ??= withAdminClient(baseUrl, (client) => dropDatabase(client, name))),
  };
}

async function withAdminClient<T>(baseUrl: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Cannot reach TEST_DATABASE_URL ${redactConnectionString(baseUrl)}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  try {
    return await task(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); // PostgreSQL 13+
  } catch (error) {
    if (!(error instanceof pg.DatabaseError) || error.code !== "42601") throw error;
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  }
}

async function dropLeftovers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'bl\\_test\\_%'",
  );
  for (const { datname } of rows) {
    const createdAt = parseInt(/^bl_test_([0-9a-z]+)_/.exec(datname)?.[1] ?? "", 36);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > LEFTOVER_AGE_MS) {
      await dropDatabase(client, datname).catch(() => {}); // best effort; never fail a test over a leftover
    }
  }
}

/** A database to run the same tests against: a new embedded cluster, or a scratch database on TEST_DATABASE_URL. */
export interface TestBackend {
  name: "embedded" | "postgres";
  /** Why this backend's suite is skipped (already printed), or undefined. */
  skip: string | undefined;
  /** An empty database of this kind; dispose() stops/drops it. */
  fresh(): Promise<{ url: string; dispose(): Promise<void> }>;
}

/** Both backends, for `for (const backend of testBackends()) describe.skipIf(!!backend.skip)(...)`. */
export function testBackends(): TestBackend[] {
  return [
    {
      name: "embedded",
      skip: undefined,
      async fresh() {
        const dir = await createTempDataDir();
        const server = await startEmbeddedPostgres({
          dataDir: dir.path,
          templateCacheDir: PGLITE_TEMPLATE_CACHE_DIR,
          log: silentDbLogger,
        });
        return {
          url: server.connectionString,
          async dispose() {
            await server.stop();
            await dir.remove();
          },
        };
      },
    },
    {
      name: "postgres",
      skip: postgresSkipReason(),
      async fresh() {
        const scratch = await createScratchPostgresDatabase(postgresTestUrl() as string);
        return { url: scratch.url, dispose: () => scratch.drop() };
      },
    },
  ];
}

export interface CapturedLine {
  level: "info" | "warn" | "error";
  message: string;
  context?: Record<string, unknown>;
}

/** A DbLogger that records lines, so tests can assert that a warning was given. */
export function captureLog(): DbLogger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return {
    lines,
    info: (message, context) => lines.push({ level: "info", message, context }),
    warn: (message, context) => lines.push({ level: "warn", message, context }),
    error: (message, context) => lines.push({ level: "error", message, context }),
  };
}
