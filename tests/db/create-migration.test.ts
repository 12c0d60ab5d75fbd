import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_CONTENT } from "@/lib/db/migration-files";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA = path.join(REPO_ROOT, "prisma/schema.prisma");

function runCreateMigration(args: string[]): Promise<{ code: number | null; output: string }> {
  const tsx = path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "scripts/create-migration.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

const migrationDirs = (dir: string) =>
  fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe("npm run db:migration (scripts/create-migration.ts)", () => {
  let work: string;
  let migrations: string;
  let schema: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "bl-create-migration-test-"));
    migrations = path.join(work, "migrations");
    schema = path.join(work, "schema.prisma");
    fs.cpSync(DEFAULT_MIGRATIONS_DIR, migrations, { recursive: true });
    fs.copyFileSync(SCHEMA, schema);
  });
  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("says 'no changes' for the committed schema and migrations (they are in sync)", async () => {
    const result = await runCreateMigration(["check", "--schema", schema, "--migrations-dir", migrations]);
    expect(result.output).toContain("No changes");
    expect(result.code).toBe(0);
    expect(migrationDirs(migrations)).toEqual(migrationDirs(DEFAULT_MIGRATIONS_DIR));
    expect(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toBe(MIGRATION_LOCK_CONTENT);
  }, 60_000);

  it("writes the next migration from the replayed history to the edited schema, which then applies cleanly", async () => {
    const edited = fs
      .readFileSync(schema, "utf8")
      .replace(/model Player \{/, 'model Player {\n  score       Int      @default(0)\n  avatar      String?');
    expect(edited).toContain("score");
    fs.writeFileSync(schema, edited);

    const result = await runCreateMigration(["add player score", "--schema", schema, "--migrations-dir", migrations]);
    expect(result.code, result.output).toBe(0);
    const created = migrationDirs(migrations).filter((name) => !migrationDirs(DEFAULT_MIGRATIONS_DIR).includes(name));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^\d{14}_add_player_score$/);
    expect(created[0] > migrationDirs(DEFAULT_MIGRATIONS_DIR).at(-1)!).toBe(true);
    const sql = fs.readFileSync(path.join(migrations, created[0], "migration.sql"), "utf8");
    expect(sql).toContain('ALTER TABLE "Player" ADD COLUMN     "avatar" TEXT,\nADD COLUMN     "score" INTEGER NOT NULL DEFAULT 0;');
    expect(sql).not.toContain("CREATE TABLE");

    const again = await runCreateMigration(["again", "--schema", schema, "--migrations-dir", migrations]);
    expect(again.output).toContain("No changes");
  }, 90_000);

  it("refuses a name it would have to mangle", async () => {
    const result = await runCreateMigration(["drop/users", "--migrations-dir", migrations]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/may only contain letters, digits, underscores/);
    expect(migrationDirs(migrations)).toEqual(migrationDirs(DEFAULT_MIGRATIONS_DIR));
  }, 30_000);
});
