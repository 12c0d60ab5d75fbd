import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/database";
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from "@/lib/db/migration-files";
import { silentDbLogger } from "@/lib/db/logger";
import {
  captureLog,
  createScratchPostgresDatabase,
  createTempDataDir,
  postgresSkipReason,
  postgresTestUrl,
  type ScratchDatabase,
  type TempDataDir,
} from "../helpers/database";

describe.skipIf(!!postgresSkipReason())("database on a real PostgreSQL server (TEST_DATABASE_URL)", () => {
  let scratch: ScratchDatabase;
  let unusedDir: TempDataDir;
  beforeEach(async () => {
    scratch = await createScratchPostgresDatabase(postgresTestUrl() as string);
    unusedDir = await createTempDataDir();
  });
  afterEach(async () => {
    await scratch.drop();
    await unusedDir.remove();
  });

  it("migrates, round-trips through Prisma, and reopens without re-applying anything", async () => {
    const first = await openDatabase({ databaseUrl: scratch.url, dataDir: unusedDir.path, log: silentDbLogger });
    try {
      expect(first.mode).toBe("postgres");
      expect(first.appliedMigrations).toEqual((await readMigrations(DEFAULT_MIGRATIONS_DIR)).map((m) => m.name));
      expect(await first.ping()).toBe(true);
      await first.prisma.session.create({
        data: {
          id: randomBytes(16).toString("base64url"),
          joinCode: "PGTEST",
          hostTokenHash: "h",
          config: { layers: [2, 8, 1] },
          players: { create: [{ id: "p1", nickname: "Grace", nicknameKey: "grace", tokenHash: "t1" }] },
        },
      });
    } finally {
      await first.close();
    }

    const second = await openDatabase({ databaseUrl: scratch.url, dataDir: unusedDir.path, log: silentDbLogger });
    try {
      expect(second.appliedMigrations).toEqual([]);
      const session = await second.prisma.session.findUniqueOrThrow({ where: { joinCode: "PGTEST" }, include: { players: true } });
      expect(session.config).toEqual({ layers: [2, 8, 1] });
      expect(session.players).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it("never logs the password of the database URL", async () => {
    const url = new URL(scratch.url);
    url.password = "pw-that-must-not-leak"; // the test server trusts local connections, so any password works
    const log = captureLog();
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: unusedDir.path, log });
    await db.close();
    const everything = JSON.stringify(log.lines);
    expect(everything).toContain("database ready");
    expect(everything).not.toContain("pw-that-must-not-leak");
  });
});

describe("database options", () => {
  it("rejects a DATABASE_URL that is not postgres://, without echoing its secret", async () => {
    const error = await openDatabase({ databaseUrl: "mysql://root:hunter2@db/x", dataDir: "/tmp/unused", log: silentDbLogger }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("fails to open an unreachable server with a clear, redacted message", async () => {
    await expect(
      openDatabase({ databaseUrl: "postgresql://u:hunter2@127.0.0.1:1/x", dataDir: "/tmp/unused", log: silentDbLogger }),
    ).rejects.toThrow(/Cannot connect to postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/);
  });
});
