import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { openDatabase, type Database } from "@/lib/db/database";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { silentDbLogger } from "@/lib/db/logger";
import { readMigrations, DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migration-files";
import { createTempDataDir, type TempDataDir } from "../helpers/database";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

function newSession(joinCode = randomBytes(3).toString("hex").toUpperCase()) {
  return { id: randomBytes(16).toString("base64url"), joinCode, hostTokenHash: "h".repeat(64), config: { scenario: "xor" } };
}

describe("embedded database", () => {
  let dir: TempDataDir;
  const open: Database[] = [];
  const openHere = async () => {
    const db = await openDatabase({ dataDir: dir.path, log: silentDbLogger });
    open.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = await createTempDataDir();
  });
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    await dir.remove();
  });

  it("keeps what Prisma wrote across close and reopen of the same directory", async () => {
    const first = await openHere();
    expect(first.mode).toBe("embedded");
    expect(first.appliedMigrations).toEqual((await readMigrations(DEFAULT_MIGRATIONS_DIR)).map((m) => m.name));
    expect(await first.ping()).toBe(true);

    const session = newSession("K7QX3M");
    await first.prisma.session.create({
      data: {
        ...session,
        players: { create: [{ id: "p1", nickname: "Ada", nicknameKey: "ada", tokenHash: "t1" }] },
        events: { create: [{ seq: 1, type: "session.created", payload: { by: "host" } }] },
      },
    });
    await first.close();
    await first.close(); // idempotent
    expect(await first.ping(500)).toBe(false);

    const second = await openHere();
    expect(second.appliedMigrations).toEqual([]);
    const found = await second.prisma.session.findUnique({
      where: { joinCode: "K7QX3M" },
      include: { players: true, events: true },
    });
    expect(found).toMatchObject({ id: session.id, config: { scenario: "xor" }, status: "lobby", lastSeq: 0 });
    expect(found?.players.map((p) => p.nickname)).toEqual(["Ada"]);
    expect(found?.events[0]).toMatchObject({ seq: 1, type: "session.created", payload: { by: "host" } });

    // Cascades and unique constraints are the database's, not Prisma's.
    await expect(
      second.prisma.player.create({ data: { id: "p2", sessionId: session.id, nickname: "ADA", nicknameKey: "ada", tokenHash: "t2" } }),
    ).rejects.toThrow(/Unique constraint failed/);
    await second.prisma.session.delete({ where: { id: session.id } });
    expect(await second.prisma.sessionEvent.count()).toBe(0);
  });

  it("serves many concurrent Prisma calls and interactive transactions through its single connection", async () => {
    const db = await openHere();
    const sessions = Array.from({ length: 40 }, () => newSession());
    await Promise.all(sessions.map((data) => db.prisma.session.create({ data })));
    const bigPayload = { blob: "x".repeat(300_000) }; // larger than one socket read
    await Promise.all(
      sessions.slice(0, 10).map((session, i) =>
        db.prisma.$transaction(async (tx) => {
          const current = await tx.session.findUniqueOrThrow({ where: { id: session.id } });
          await tx.sessionEvent.create({ data: { sessionId: session.id, seq: current.lastSeq + 1, type: "t", payload: i % 2 ? bigPayload : { i } } });
          await tx.session.update({ where: { id: session.id }, data: { lastSeq: current.lastSeq + 1 } });
        }),
      ),
    );
    expect(await db.prisma.session.count()).toBe(40);
    expect(await db.prisma.sessionEvent.count()).toBe(10);
    expect((await db.prisma.session.aggregate({ _sum: { lastSeq: true } }))._sum.lastSeq).toBe(10);
    expect(await db.ping()).toBe(true);
  });

  it("refuses a second open of the same directory in this process, and opens again after close", async () => {
    const first = await openHere();
    const error = await openDatabase({ dataDir: dir.path, log: silentDbLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toMatch(/is in use: it is already open in this process/);
    await first.close();
    open.splice(0);
    await openHere();
  });

  it("refuses while another process has it open, and recovers the data after that process is killed", async () => {
    const child = await startChildWriter(dir.path);
    try {
      const error = await openDatabase({ dataDir: dir.path, log: silentDbLogger }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).ownerPid).toBe(child.process.pid);
      expect((error as Error).message).toMatch(/locked by running process/);
    } finally {
      // No clean shutdown: the lock file stays behind and PostgreSQL must recover from its WAL.
      await new Promise((resolve) => {
        child.process.once("exit", resolve);
        child.process.kill("SIGKILL");
      });
    }
    expect(fs.existsSync(path.join(dir.path, "lock"))).toBe(true);

    const db = await openHere();
    expect(await db.prisma.session.findUnique({ where: { id: child.sessionId } })).not.toBeNull();
  }, 60_000);

  it("gives Prisma a pool of one (pglite-socket multiplexes unsafely) but still lets an extra client such as psql connect", async () => {
    expect(EMBEDDED_POOL_SIZE).toBe(1);
    const db = await openHere();
    // The pool's connection is open; a second, independent client still connects (headroom for reconnects/psql).
    const extra = new pg.Client({ connectionString: db.connectionString });
    await extra.connect();
    expect((await extra.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await extra.end();
  });
});

describe("embedded start-up timings", () => {
  it("measures first open (initdb), reopen, and first open from the cached template", async () => {
    const dir = await createTempDataDir();
    const cold = await createTempDataDir();
    try {
      let t = performance.now();
      const created = await startEmbeddedPostgres({ dataDir: dir.path, log: silentDbLogger });
      const initdbMs = performance.now() - t;
      expect(created.created).toBe(true);
      await created.stop();

      t = performance.now();
      const reopened = await startEmbeddedPostgres({ dataDir: dir.path, log: silentDbLogger });
      const reopenMs = performance.now() - t;
      expect(reopened.created).toBe(false);
      await reopened.stop();

      t = performance.now();
      const db = await openDatabase({ dataDir: cold.path, log: silentDbLogger }); // template via PGLITE_TEMPLATE_CACHE_DIR
      const templateOpenMs = performance.now() - t;
      await db.close();

      console.info(
        `TIMING embedded: first open with initdb ${Math.round(initdbMs)} ms; reopen ${Math.round(reopenMs)} ms; ` +
          `openDatabase on a new dir from the template cache (copy + start + migrate + connect) ${Math.round(templateOpenMs)} ms`,
      );
      expect(reopenMs).toBeLessThan(initdbMs);
    } finally {
      await dir.remove();
      await cold.remove();
    }
  }, 60_000);
});

/** Another process that opens the database, writes a session and keeps it open until killed. */
async function startChildWriter(dataDir: string): Promise<{ process: ChildProcess; sessionId: string }> {
  const sessionId = randomBytes(16).toString("base64url");
  const script = path.join(dataDir, "..", `${path.basename(dataDir)}-child.mts`);
  fs.writeFileSync(
    script,
    `import { openDatabase } from ${JSON.stringify(path.join(REPO_ROOT, "lib/db/database.ts"))};
const quiet = { info() {}, warn() {}, error() {} };
const db = await openDatabase({ dataDir: ${JSON.stringify(dataDir)}, log: quiet });
await db.prisma.session.create({ data: { id: ${JSON.stringify(sessionId)}, joinCode: "CHILD1", hostTokenHash: "h", config: {} } });
process.stdout.write("WROTE\\n");
setInterval(() => {}, 1000);
`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("WROTE") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before writing: ${stderr}`)));
    });
  } finally {
    fs.rmSync(script, { force: true });
  }
  return { process: child, sessionId };
}
