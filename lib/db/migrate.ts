import { randomUUID } from "node:crypto";
import pg from "pg";
import { consoleDbLogger, redactConnectionString, type DbLogger } from "./logger";
import {
  DEFAULT_MIGRATIONS_DIR,
  checkMigrationLock,
  readMigrations,
  scriptMatchesChecksum,
  type MigrationFile,
} from "./migration-files";
import { errorMessage } from "../protocol/error-message";

/**
 * Applies the committed migrations (prisma/migrations/<name>/migration.sql) and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (same table, same columns, same checksum, same advisory lock), so a
 * machine with Prisma's native engine sees them as applied. We run this ourselves because the native schema engine
 * cannot be installed here, and the WebAssembly engine's applyMigrations does not work through a driver adapter.
 *
 * Differences from Prisma, all on the safe side:
 * - each migration runs in a transaction together with its "finished" record (Prisma sends the script as one
 *   multi-statement query, which PostgreSQL also runs atomically, but records success separately). A script with its
 *   own BEGIN/COMMIT runs unwrapped, as in Prisma.
 * - an edited, already-applied migration (checksum mismatch) and an applied migration missing from the directory are
 *   logged as warnings; `migrate deploy` says nothing.
 */

/** Prisma Migrate's advisory lock key; using the same one keeps us and `prisma migrate deploy` from interleaving. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma waits 10 s for the lock; we poll a little longer because several dev processes may start together. */
const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface MigrateOptions {
  connectionString: string;
  /** Directory holding <name>/migration.sql; defaults to this repository's prisma/migrations. */
  migrationsDir?: string;
  log?: DbLogger;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/** A migration failed now; it was rolled back (unless it manages its own transactions) and recorded as failed. */
export class MigrationFailedError extends Error {
  constructor(
    message: string,
    readonly migrationName: string,
    readonly databaseErrorCode: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationFailedError";
  }
}

/** An earlier run left a failed migration in `_prisma_migrations`; nothing more is applied until it is resolved. */
export class FailedMigrationsPendingError extends Error {
  constructor(
    message: string,
    readonly migrationNames: string[],
  ) {
    super(message);
    this.name = "FailedMigrationsPendingError";
  }
}

/** A row of `_prisma_migrations`, as Prisma's migrate keeps it. */
export interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/** Applies pending migrations; returns the names applied by this call (empty when up to date). */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  if (typeof options.connectionString !== "string" || options.connectionString.length === 0) {
    throw new TypeError("migrate: connectionString must be a non-empty string");
  }
  const log = options.log ?? consoleDbLogger;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new RangeError("migrate: lockTimeoutMs must be a non-negative number");
  }

  // Read the files before touching the database: a broken checkout should not take the lock or create tables.
  await checkMigrationLock(migrationsDir);
  const files = await readMigrations(migrationsDir);

  // The advisory lock is per session, and the embedded server has exactly one session for all its connections, so
  // two migrate() calls in this process would both "get" it. Serialise them here as well.
  return serializeInProcess(options.connectionString, async () => {
    const client = new pg.Client({ connectionString: options.connectionString, connectionTimeoutMillis: 10_000 });
    // Without a listener, a connection dropped mid-migration would be an uncaught 'error' event; the pending query
    // rejects anyway, which is where we report it.
    client.on("error", () => {});
    const target = redactConnectionString(options.connectionString);
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`Cannot connect to ${target} to apply migrations: ${errorMessage(error)}`, { cause: error });
    }
    try {
      await acquireAdvisoryLock(client, lockTimeoutMs, target);
      try {
        return await applyPending(client, files, migrationsDir, log);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
      }
    } finally {
      await client.end().catch(() => {});
    }
  });
}

async function applyPending(
  client: pg.Client,
  files: MigrationFile[],
  migrationsDir: string,
  log: DbLogger,
): Promise<string[]> {
  await ensureMigrationsTable(client);
  const { rows: records } = await client.query<MigrationRecord>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM _prisma_migrations ORDER BY started_at ASC`,
  );

  refuseFailedMigrations(records);

  // Rolled-back rows are history only: Prisma applies such a migration again.
  const applied = new Map(
    records.filter((record) => record.rolled_back_at === null).map((record) => [record.migration_name, record]),
  );
  warnAboutDrift(files, applied, migrationsDir, log);

  const pending = files.filter((file) => !applied.has(file.name));
  const appliedNow: string[] = [];
  for (const migration of pending) {
    const startedAt = performance.now();
    try {
      await applyOne(client, migration);
    } catch (error) {
      if (error instanceof MigrationFailedError) throw error;
      // Bookkeeping failed (e.g. the connection dropped), not the script: say which migration we were on.
      throw new Error(`While applying migration ${migration.name}: ${errorMessage(error)}`, { cause: error });
    }
    appliedNow.push(migration.name);
    log.info("applied migration", { migration: migration.name, ms: Math.round(performance.now() - startedAt) });
  }
  return appliedNow;
}

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
  );
  if (rows.some((row) => row.tablename === "_prisma_migrations")) return;
  if (rows.length > 0) {
    // Same rule as Prisma (P3005): migrating a database that already has tables would fail half-way or worse.
    const shown = rows.slice(0, 5).map((row) => row.tablename);
    throw new Error(
      `The database schema is not empty (tables: ${shown.join(", ")}${rows.length > 5 ? ", ..." : ""}) but has no ` +
        `_prisma_migrations table, so its state is unknown. Use an empty database, or baseline it: ` +
        `https://pris.ly/d/migrate-baseline`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

function refuseFailedMigrations(records: MigrationRecord[]): void {
  const failed = records.filter((record) => record.finished_at === null && record.rolled_back_at === null);
  if (failed.length === 0) return;
  const details = failed
    .map((record) => {
      const logs = record.logs?.trim() ? ` with the following logs:\n${record.logs.trim()}` : "";
      return `The \`${record.migration_name}\` migration started at ${record.started_at.toISOString()} failed${logs}`;
    })
    .join("\n");
  const names = failed.map((record) => record.migration_name);
  throw new FailedMigrationsPendingError(
    `Refusing to continue: a previous run left failed migration(s) ${names.join(", ")} in _prisma_migrations, ` +
      `and no further migrations are applied until that is resolved. Fix the cause, undo any partial changes, then ` +
      `mark it rolled back (\`prisma migrate resolve --rolled-back <name>\` or ` +
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '<name>' AND finished_at IS NULL) ` +
      `and start again.\n${details}`,
    names,
  );
}

function warnAboutDrift(
  files: MigrationFile[],
  applied: Map<string, MigrationRecord>,
  migrationsDir: string,
  log: DbLogger,
): void {
  const fileNames = new Set(files.map((file) => file.name));
  for (const file of files) {
    const record = applied.get(file.name);
    if (record && !scriptMatchesChecksum(file.script, record.checksum)) {
      log.warn("an applied migration was edited after it was applied; the edit is NOT applied to this database", {
        migration: file.name,
        recordedChecksum: record.checksum,
        fileChecksum: file.checksum,
      });
    }
  }
  for (const name of applied.keys()) {
    if (!fileNames.has(name)) {
      log.warn("the database has a migration that is not in the migrations directory", {
        migration: name,
        migrationsDir,
      });
    }
  }
  const lastApplied = [...applied.keys()].filter((name) => fileNames.has(name)).sort().at(-1);
  const outOfOrder = files.filter((file) => !applied.has(file.name) && lastApplied && file.name < lastApplied);
  if (outOfOrder.length > 0) {
    log.warn("applying migrations older than the last applied one (branches merged?)", {
      migrations: outOfOrder.map((file) => file.name),
      lastApplied,
    });
  }
}

/** A script with its own transaction control cannot be wrapped in ours (its COMMIT would end our transaction). */
function managesOwnTransaction(script: string): boolean {
  return /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK)\s*;/im.test(script);
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  // Recorded before the script runs and outside its transaction, as Prisma does: a crash mid-way leaves a row with
  // finished_at NULL, which blocks later runs instead of silently retrying a half-applied script.
  await client.query(
    "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)",
    [id, migration.checksum, migration.name],
  );
  const markFinished = () =>
    client.query(
      `UPDATE _prisma_migrations
          SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
        WHERE id = $1`,
      [id],
    );
  const wrapped = !managesOwnTransaction(migration.script);
  try {
    if (wrapped) await client.query("BEGIN");
    // No parameters: pg sends a simple Query message, so a multi-statement script runs as PostgreSQL would run it
    // from psql or from Prisma.
    await client.query(migration.script);
    await markFinished();
    if (wrapped) await client.query("COMMIT");
  } catch (error) {
    if (wrapped) await client.query("ROLLBACK").catch(() => {});
    const failure = describeDatabaseError(error, migration);
    await client
      .query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [failure.logs, id])
      .catch(() => {}); // the connection may be gone; the row still says "not finished", which is what matters
    const consequence = wrapped
      ? "It was rolled back"
      : "It manages its own transactions, so statements before the error may have been applied";
    throw new MigrationFailedError(
      `Migration ${migration.name} failed: ${failure.summary}. ${consequence} and is recorded as failed in ` +
        `_prisma_migrations; later starts will refuse to continue until it is resolved.`,
      migration.name,
      failure.code,
      { cause: error },
    );
  }
}

interface DescribedFailure {
  code: string | undefined;
  /** One line for the error message. */
  summary: string;
  /** Prisma's P3018 layout, stored in _prisma_migrations.logs. */
  logs: string;
}

function describeDatabaseError(error: unknown, migration: MigrationFile): DescribedFailure {
  const dbError = error instanceof pg.DatabaseError ? error : undefined;
  const code = dbError?.code;
  const message = errorMessage(error);
  const lineNumber = dbError?.position ? lineOf(migration.script, Number(dbError.position)) : undefined;
  const line = lineNumber ? migration.script.split(/\r?\n/)[lineNumber - 1]?.trim() : undefined;
  const extras = [
    dbError?.detail ? `detail: ${dbError.detail}` : undefined,
    dbError?.hint ? `hint: ${dbError.hint}` : undefined,
    lineNumber ? `at line ${lineNumber}: ${line}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const summary = `${code ? `${code} ` : ""}${message}${extras.length ? ` (${extras.join("; ")})` : ""}`;
  const position = lineNumber ? `\n\nPosition:\n${numberedContext(migration.script, lineNumber)}` : "";
  const logs =
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more " +
    "about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
    `Migration name: ${migration.name}\n\n` +
    `Database error code: ${code ?? "none"}\n\n` +
    `Database error:\n${dbError ? `ERROR: ${message}` : message}${position}` +
    (extras.length ? `\n\n${extras.join("\n")}` : "");
  return { code, summary, logs };
}

/** 1-based line of a 1-based character position, as PostgreSQL reports positions. */
function lineOf(script: string, position: number): number | undefined {
  if (!Number.isInteger(position) || position < 1) return undefined;
  return script.slice(0, position - 1).split("\n").length;
}

function numberedContext(script: string, lineNumber: number): string {
  const lines = script.split(/\r?\n/);
  const first = Math.max(1, lineNumber - 5);
  return lines
    .slice(first - 1, lineNumber)
    .map((text, index) => `${String(first + index).padStart(3)} ${text}`)
    .join("\n");
}

async function acquireAdvisoryLock(client: pg.Client, timeoutMs: number, target: string): Promise<void> {
  // Polling pg_try_advisory_lock instead of a blocking pg_advisory_lock keeps the wait bounded without statement
  // timeouts, which would also apply to the migrations themselves.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the migration lock ` +
          `(pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})) on ${target}: another process is migrating this database.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const inProcessQueues = new Map<string, Promise<unknown>>();

async function serializeInProcess<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = inProcessQueues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  inProcessQueues.set(key, tail);
  try {
    return await run;
  } finally {
    if (inProcessQueues.get(key) === tail) inProcessQueues.delete(key);
  }
}
