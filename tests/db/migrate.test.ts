import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FailedMigrationsPendingError, MigrationFailedError, migrate, type MigrationRecord as MigrationRow } from "@/lib/db/migrate";
import { DEFAULT_MIGRATIONS_DIR, migrationChecksum, readMigrations } from "@/lib/db/migration-files";
import { silentDbLogger } from "@/lib/db/logger";
import { prismaDeploy, prismaMigrationStatus } from "@/lib/db/schema-engine";
import { captureLog, testBackends } from "../helpers/database";

/** A copy of the committed migrations plus extra ones, so tests can break and edit migrations freely. */
function migrationsDirWith(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-migrations-"));
  fs.cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected the promise to reject, but it resolved");
}

const selectRows = "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name";

for (const backend of testBackends()) {
  describe.skipIf(!!backend.skip)(`migration runner on ${backend.name}`, () => {
    let db: { url: string; dispose(): Promise<void> };
    const tempDirs: string[] = [];
    const tempMigrations = (extra?: Record<string, string>) => {
      const dir = migrationsDirWith(extra);
      tempDirs.push(dir);
      return dir;
    };

    beforeEach(async () => {
      db = await backend.fresh();
    });
    afterEach(async () => {
      await db?.dispose();
      for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("applies the init migration once, then nothing, recording it the way Prisma Migrate does", async () => {
      const files = await readMigrations(DEFAULT_MIGRATIONS_DIR);
      expect(files.length).toBeGreaterThanOrEqual(1);
      expect(files[0].name).toMatch(/^\d{14}_init$/);

      const first = await migrate({ connectionString: db.url, log: silentDbLogger });
      expect(first).toEqual(files.map((file) => file.name));
      const second = await migrate({ connectionString: db.url, log: silentDbLogger });
      expect(second).toEqual([]);

      const tables = await query<{ tablename: string }>(
        db.url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.map((t) => t.tablename)).toEqual(["CommandReceipt", "Player", "Session", "SessionEvent", "_prisma_migrations"]);

      // Same table definition as Prisma's create_migrations_table (postgres flavour).
      const columns = await query<{ column_name: string; data_type: string; is_nullable: string; len: number | null }>(
        db.url,
        `SELECT column_name, data_type, is_nullable, character_maximum_length AS len
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: "id", data_type: "character varying", is_nullable: "NO", len: 36 },
        { column_name: "checksum", data_type: "character varying", is_nullable: "NO", len: 64 },
        { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES", len: null },
        { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", len: 255 },
        { column_name: "logs", data_type: "text", is_nullable: "YES", len: null },
        { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES", len: null },
        { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO", len: null },
        { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", len: null },
      ]);

      const rows = await query<MigrationRow>(db.url, selectRows);
      expect(rows).toHaveLength(files.length);
      for (const [index, row] of rows.entries()) {
        expect(row.migration_name).toBe(files[index].name);
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toBe(migrationChecksum(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8")));
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row.logs).toBeNull();
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }

      // Prisma's own schema engine (its WebAssembly build, which `migrate status`/`deploy` logic lives in) agrees.
      expect(await prismaMigrationStatus(db.url)).toEqual({
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
        history: null,
      });
      expect(await prismaDeploy(db.url)).toEqual([]);
    });

    it("matches Prisma's own deploy: a database Prisma migrated is up to date for our runner", async () => {
      const files = await readMigrations(DEFAULT_MIGRATIONS_DIR);
      expect(await prismaDeploy(db.url)).toEqual(files.map((file) => file.name));
      expect(await migrate({ connectionString: db.url, log: silentDbLogger })).toEqual([]);
    });

    it("stops at a broken migration naming it and the database's cause, rolls it back, records it, and refuses later runs", async () => {
      const broken = "20991231000000_broken";
      const dir = tempMigrations({
        [broken]: 'CREATE TABLE "HalfDone" (id INTEGER);\n\nALTER TABLE "Session" ADD COLUMN "x" INTEGER;\nSELEC 1;\n',
      });

      const failure = await rejection(migrate({ connectionString: db.url, migrationsDir: dir, log: silentDbLogger }));
      expect(failure).toBeInstanceOf(MigrationFailedError);
      const message = failure.message;
      expect(message).toContain(broken);
      expect(message).toContain('syntax error at or near "SELEC"');
      expect(message).toContain("42601");
      expect(message).toContain("line 4");
      expect((failure as MigrationFailedError).migrationName).toBe(broken);

      // The migrations before it were applied; the broken one left nothing behind.
      const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.map((t) => t.tablename)).toContain("Session");
      expect(tables.map((t) => t.tablename)).not.toContain("HalfDone");

      // Recorded like Prisma: row present, finished_at NULL, logs with the error.
      const [row] = await query<MigrationRow>(db.url, "SELECT * FROM _prisma_migrations WHERE migration_name = $1", [broken]);
      expect(row.finished_at).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(0);
      expect(row.logs).toContain(`Migration name: ${broken}`);
      expect(row.logs).toContain("Database error code: 42601");
      expect(row.logs).toContain('syntax error at or near "SELEC"');
      expect((await prismaMigrationStatus(db.url, dir)).failedMigrationNames).toEqual([broken]);

      // A later start refuses, even with the file fixed, until someone resolves it.
      fs.writeFileSync(path.join(dir, broken, "migration.sql"), 'CREATE TABLE "HalfDone" (id INTEGER);\n');
      const refusal = await rejection(migrate({ connectionString: db.url, migrationsDir: dir, log: silentDbLogger }));
      expect(refusal).toBeInstanceOf(FailedMigrationsPendingError);
      expect(refusal.message).toMatch(/Refusing to continue/);
      expect(refusal.message).toContain(broken);
      expect(refusal.message).toContain("failed with the following logs");

      // Resolving it the way `prisma migrate resolve --rolled-back` does lets the fixed migration apply.
      await query(db.url, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [broken]);
      expect(await migrate({ connectionString: db.url, migrationsDir: dir, log: silentDbLogger })).toEqual([broken]);
      const rows = await query<MigrationRow>(db.url, "SELECT * FROM _prisma_migrations WHERE migration_name = $1 ORDER BY started_at", [broken]);
      expect(rows.map((r) => [r.finished_at !== null, r.rolled_back_at !== null])).toEqual([
        [false, true],
        [true, false],
      ]);
    });

    it("warns, without failing, when an applied migration was edited or is missing from the directory", async () => {
      const extra = "20991231000000_extra";
      const dir = tempMigrations({ [extra]: 'CREATE TABLE "Extra" (id INTEGER);\n' });
      await migrate({ connectionString: db.url, migrationsDir: dir, log: silentDbLogger });

      fs.writeFileSync(path.join(dir, extra, "migration.sql"), 'CREATE TABLE "Extra" (id BIGINT);\n');
      const log = captureLog();
      expect(await migrate({ connectionString: db.url, migrationsDir: dir, log })).toEqual([]);
      const edited = log.lines.find((line) => line.level === "warn" && line.message.includes("edited"));
      expect(edited?.context).toMatchObject({ migration: extra });
      expect((await prismaMigrationStatus(db.url, dir)).editedMigrationNames).toEqual([extra]);

      // CRLF line endings (a Windows checkout) are not an edit, as in Prisma.
      fs.writeFileSync(path.join(dir, extra, "migration.sql"), 'CREATE TABLE "Extra" (id INTEGER);\r\n');
      const crlfLog = captureLog();
      await migrate({ connectionString: db.url, migrationsDir: dir, log: crlfLog });
      expect(crlfLog.lines.filter((line) => line.level === "warn")).toEqual([]);

      fs.rmSync(path.join(dir, extra), { recursive: true });
      const missingLog = captureLog();
      await migrate({ connectionString: db.url, migrationsDir: dir, log: missingLog });
      expect(missingLog.lines.some((line) => line.level === "warn" && line.message.includes("not in the migrations directory"))).toBe(true);
    });

    it("refuses a non-empty database that has no migration history", async () => {
      await query(db.url, "CREATE TABLE legacy (id INTEGER)");
      await expect(migrate({ connectionString: db.url, log: silentDbLogger })).rejects.toThrow(
        /schema is not empty \(tables: legacy\)/,
      );
    });

    it("lets only one of several concurrent starters apply each migration", async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() => migrate({ connectionString: db.url, log: silentDbLogger })),
      );
      const files = await readMigrations(DEFAULT_MIGRATIONS_DIR);
      expect(results.flat().sort()).toEqual(files.map((file) => file.name).sort());
      const rows = await query<MigrationRow>(db.url, selectRows);
      expect(rows).toHaveLength(files.length);
    });
  });
}

describe("migration runner input checks", () => {
  it("rejects a migration directory without migration.sql and a lock file for another provider", async () => {
    const dir = migrationsDirWith();
    try {
      fs.mkdirSync(path.join(dir, "20991231000000_empty"));
      await expect(readMigrations(dir)).rejects.toThrow(/20991231000000_empty has no readable migration.sql/);
      fs.rmSync(path.join(dir, "20991231000000_empty"), { recursive: true });
      fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "sqlite"\n');
      await expect(migrate({ connectionString: "postgresql://nobody@127.0.0.1:1/x", migrationsDir: dir })).rejects.toThrow(
        /written for "sqlite"/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports an unreachable server with a redacted URL", async () => {
    const error = await rejection(migrate({ connectionString: "postgresql://user:s3cret@127.0.0.1:1/x", log: silentDbLogger }));
    expect(error.message).toContain("Cannot connect to postgresql://user:***@127.0.0.1:1/x");
    expect(error.message).not.toContain("s3cret");
  });
});
