/**
 * npm run db:migration -- <name> [--schema prisma/schema.prisma] [--migrations-dir prisma/migrations]
 *
 * Creates prisma/migrations/<UTC timestamp>_<name>/migration.sql the way `prisma migrate dev --create-only` would,
 * without network access or Prisma's native engine:
 *   1. start a throw-away embedded PostgreSQL (PGlite) and apply the committed migrations to it (lib/db/migrate.ts) —
 *      the same replay `migrate dev` does in its shadow database;
 *   2. ask Prisma's schema engine (WebAssembly build) for the SQL from that database's live schema to the schema file;
 *   3. write it, then apply it to the same throw-away database and diff again, which must come out empty: a migration
 *      that does not apply, or does not reach the schema, is removed again and reported.
 * Prints "No changes" and writes nothing when the schema already matches.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import type { DbLogger } from "@/lib/db/logger";
import { migrate } from "@/lib/db/migrate";
import { MIGRATION_LOCK_CONTENT, MIGRATION_LOCK_FILE, readMigrations } from "@/lib/db/migration-files";
import { diffDatabaseToSchema, lastSchemaEnginePanic, type SchemaFile } from "@/lib/db/schema-engine";
import { errorMessage } from "@/lib/protocol/error-message";

const USAGE = "Usage: npm run db:migration -- <name> [--schema <schema.prisma>] [--migrations-dir <dir>]";

/** Room for the 15-character timestamp prefix within _prisma_migrations.migration_name VARCHAR(255). */
const MAX_NAME_LENGTH = 200;

interface Arguments {
  name: string;
  schemaPath: string;
  migrationsDir: string;
}

/** Only problems reach the terminal; progress is printed by main() in plain words. */
const quietLog: DbLogger = {
  info: () => {},
  warn: (message, context) => console.warn(`warning: ${message}`, context ?? ""),
  error: (message, context) => console.error(`error: ${message}`, context ?? ""),
};

function parseArguments(argv: string[]): Arguments {
  let name: string | undefined;
  let schemaPath = "prisma/schema.prisma";
  let migrationsDir = "prisma/migrations";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") continue;
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--schema" || arg === "--migrations-dir") {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a value`);
      if (arg === "--schema") schemaPath = value;
      else migrationsDir = value;
      continue;
    }
    if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    if (name !== undefined) throw new UsageError(`one migration name only (got "${name}" and "${arg}")`);
    name = arg;
  }
  if (name === undefined) throw new UsageError("a migration name is required, e.g. add_player_score");
  return { name: normaliseName(name), schemaPath: path.resolve(schemaPath), migrationsDir: path.resolve(migrationsDir) };
}

/** Spaces and dashes become underscores (as people type names); anything else unusual is refused, not mangled. */
function normaliseName(raw: string): string {
  const name = raw.trim().replace(/[\s-]+/g, "_");
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new UsageError(`migration name "${raw}" may only contain letters, digits, underscores, spaces and dashes`);
  }
  if (name.length > MAX_NAME_LENGTH) throw new UsageError(`migration name is longer than ${MAX_NAME_LENGTH} characters`);
  return name;
}

class UsageError extends Error {}

/** Prisma's %Y%m%d%H%M%S in UTC; bumped past the newest existing migration so the new one always sorts last. */
function migrationTimestamp(existingNames: string[]): string {
  const format = (date: Date) => date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  let candidate = new Date();
  const newest = existingNames
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((stamp): stamp is string => stamp !== undefined)
    .sort()
    .at(-1);
  if (newest && format(candidate) <= newest) {
    const parsed = `${newest.slice(0, 4)}-${newest.slice(4, 6)}-${newest.slice(6, 8)}T${newest.slice(8, 10)}:${newest.slice(10, 12)}:${newest.slice(12, 14)}Z`;
    candidate = new Date(Date.parse(parsed) + 1000);
  }
  return format(candidate);
}

/** Statements that can lose data; Prisma's own migrate dev would print warnings for these. */
function destructiveStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => /\b(DROP\s+(TABLE|COLUMN|INDEX|TYPE|SCHEMA)|ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE|SET\s+NOT\s+NULL)\b/i.test(line))
    .map((line) => line.trim());
}

/** The throw-away database directory; module-level so the crash handler below can remove it too. */
let tempDir: string | undefined;

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const schema: SchemaFile = { path: path.basename(args.schemaPath), content: fs.readFileSync(args.schemaPath, "utf8") };
  const existing = await readMigrations(args.migrationsDir);

  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-create-migration-"));
  const embedded = await startEmbeddedPostgres({
    dataDir: tempDir as string,
    templateCacheDir: path.join(os.tmpdir(), "backprop-live-pglite-templates"),
    log: quietLog,
  });
  let written: string | undefined;
  try {
    const replayed = await migrate({ connectionString: embedded.connectionString, migrationsDir: args.migrationsDir, log: quietLog });
    console.log(`Replayed ${replayed.length} existing migration(s) into a temporary database.`);

    const change = await diffDatabaseToSchema(embedded.connectionString, schema);
    if (change.empty) {
      console.log(`No changes: ${path.relative(process.cwd(), args.schemaPath)} matches the existing migrations. Nothing written.`);
      return;
    }

    const migrationName = `${migrationTimestamp(existing.map((m) => m.name))}_${args.name}`;
    written = path.join(args.migrationsDir, migrationName);
    fs.mkdirSync(written, { recursive: true });
    fs.writeFileSync(path.join(written, "migration.sql"), change.sql);
    const lockFile = path.join(args.migrationsDir, MIGRATION_LOCK_FILE);
    if (!fs.existsSync(lockFile)) fs.writeFileSync(lockFile, MIGRATION_LOCK_CONTENT);

    // Prove the file: it must apply, and afterwards the database must match the schema exactly.
    await migrate({ connectionString: embedded.connectionString, migrationsDir: args.migrationsDir, log: quietLog });
    const residue = await diffDatabaseToSchema(embedded.connectionString, schema);
    if (!residue.empty) {
      throw new Error(`after applying ${migrationName} the database still differs from the schema:\n${residue.sql}`);
    }

    console.log(`Created ${path.relative(process.cwd(), path.join(written, "migration.sql"))} (applies cleanly; database then matches the schema):\n`);
    console.log(change.sql);
    const destructive = destructiveStatements(change.sql);
    if (destructive.length > 0) {
      console.warn("Review before committing: these statements can lose data or fail on existing rows:");
      for (const line of destructive) console.warn(`  ${line}`);
    }
    written = undefined; // keep it
  } finally {
    if (written) fs.rmSync(written, { recursive: true, force: true });
    await embedded.stop();
    fs.rmSync(tempDir as string, { recursive: true, force: true });
  }
}

// A Rust panic inside the wasm engine escapes as an uncaught "unreachable" trap, outside any promise chain.
process.on("uncaughtException", (error) => {
  const panic = lastSchemaEnginePanic();
  console.error(`Could not create the migration: ${panic ? `Prisma schema engine panicked: ${panic}` : error.stack}`);
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  process.exit(1);
});

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
  } else {
    console.error(`Could not create the migration: ${errorMessage(error)}`);
  }
  process.exitCode = 1;
});
