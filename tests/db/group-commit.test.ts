import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database";
import { EventStore, type AppendOutcome, type PreparedAppend } from "@/lib/db/event-store";
import { GroupCommitClosedError, GroupCommitLog } from "@/lib/db/group-commit";
import { silentDbLogger } from "@/lib/db/logger";
import { SessionLeases } from "@/lib/db/session-leases";
import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema } from "@/lib/protocol";
import type { StoredEvent } from "@/lib/session";
import { ConcurrencyError, FencedError, InvalidEventError, type AppendExtras, type NewPlayerRow } from "@/lib/session/event-log";
import { createScratchPostgresDatabase, createTempDataDir, postgresSkipReason, postgresTestUrl } from "../helpers/database";

/**
 * Group commit on a real database: batches of several sessions written in one statement keep each session's own
 * outcome (a stale seq, a stale epoch or a constraint violation fails only its batch), per-session order, and
 * acknowledgement only after commit. Embedded, and PostgreSQL when TEST_DATABASE_URL is set.
 */

/** The store, recording every statement's batches (appendMany is one statement unless it has to split). */
class RecordingStore extends EventStore {
  readonly groups: string[][] = [];
  override appendMany(batches: readonly PreparedAppend[]): Promise<AppendOutcome[]> {
    this.groups.push(batches.map((b) => `${b.sessionId}@${b.expectedSeq}`));
    return super.appendMany(batches);
  }
}

type Backend = { name: string; skip?: string; open(): Promise<{ database: Database; remove(): Promise<void> }> };
const backends: Backend[] = [
  {
    name: "embedded",
    async open() {
      const dir = await createTempDataDir();
      return { database: await openDatabase({ dataDir: dir.path, log: silentDbLogger }), remove: dir.remove };
    },
  },
  {
    name: "PostgreSQL",
    skip: postgresSkipReason(),
    async open() {
      const scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
      return { database: await openDatabase({ databaseUrl: scratch.url, dataDir: "unused", log: silentDbLogger }), remove: scratch.drop };
    },
  },
];

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const config = parseConfig({ scenario: "one-weight", seed: 1 });
const rules = SessionRulesSchema.parse({});
const created: StoredEvent = { seq: 1, at: T0, event: { type: "session.created", config, rules, maxPlayers: 50 } };
const lobby: AppendExtras = { status: "lobby", roundDeadline: null };
const joined = (seq: number, playerId: string): StoredEvent => ({ seq, at: T0 + seq, event: { type: "player.joined", playerId, nickname: playerId } });
const player = (id: string, over: Partial<NewPlayerRow> = {}): NewPlayerRow => ({ id, nickname: id, nicknameKey: id, tokenHash: `hash-${id}`, ...over });

let counter = 0;

for (const backend of backends) {
  describe.skipIf(!!backend.skip)(`group commit across sessions (${backend.name})`, () => {
    let database: Database;
    let remove: () => Promise<void>;
    let store: RecordingStore;
    let log: GroupCommitLog;

    beforeAll(async () => {
      ({ database, remove } = await backend.open());
      store = new RecordingStore(database.prisma);
      log = new GroupCommitLog(store, { maxInFlight: backend.name === "embedded" ? 1 : 2 });
    });
    afterAll(async () => {
      await log?.close();
      await database?.close();
      await remove?.();
    });

    /** Fresh sessions (id, its player-id prefix) at seq 1. */
    async function sessions(n: number) {
      const made = Array.from({ length: n }, () => {
        const k = ++counter;
        return { id: `gc-${k}`, joinCode: `G${k}`, p: (x: string) => `gc${k}-${x}` };
      });
      for (const s of made) await store.createSession({ id: s.id, joinCode: s.joinCode, hostTokenHash: "h" }, created);
      return made;
    }
    const seqs = async (id: string) => (await store.load(id))!.events.map((e) => e.seq);

    it("writes batches of several sessions queued together in one statement", async () => {
      const ss = await sessions(5);
      const before = store.groups.length;
      await Promise.all(ss.map((s) => log.append(s.id, 1, [joined(2, s.p("a"))], { ...lobby, newPlayers: [player(s.p("a"))] })));
      expect(store.groups.slice(before)).toEqual([ss.map((s) => `${s.id}@1`)]);
      for (const s of ss) expect(await seqs(s.id)).toEqual([1, 2]);
    });

    it("fails only the batch with a stale seq; the others in its statement commit", async () => {
      const [a, b, c, d] = await sessions(4);
      await store.append(b.id, 1, [joined(2, b.p("early"))], lobby);
      const before = store.groups.length;
      const results = await Promise.allSettled([
        log.append(a.id, 1, [joined(2, a.p("x"))], lobby),
        log.append(b.id, 1, [joined(2, b.p("late"))], lobby),
        log.append(c.id, 1, [joined(2, c.p("x"))], lobby),
        log.append("gc-no-such-session", 1, [joined(2, d.p("x"))], lobby),
      ]);
      expect(store.groups.slice(before)).toHaveLength(1);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected"]);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect(await seqs(a.id)).toEqual([1, 2]);
      expect(await seqs(c.id)).toEqual([1, 2]);
      const kept = (await store.load(b.id))!.events[1].event;
      expect(kept).toMatchObject({ playerId: b.p("early") });
    });

    it("fences only the batch written under a stale owner epoch", async () => {
      const [a, b, c] = await sessions(3);
      const leases = new SessionLeases(database.prisma);
      const epochA = (await leases.acquire(a.id, "node-1", 60_000))!;
      const staleB = (await leases.acquire(b.id, "node-1", 60_000))!;
      // Another node takes b over: its epoch moves on, and node-1's batches for b must be refused.
      await database.prisma.$executeRaw`UPDATE "Session" SET "ownerNode" = NULL, "leaseUntil" = NULL WHERE "id" = ${b.id}`;
      expect(await leases.acquire(b.id, "node-2", 60_000)).toBe(staleB + 1);
      const before = store.groups.length;
      const results = await Promise.allSettled([
        log.append(a.id, 1, [joined(2, a.p("x"))], { ...lobby, epoch: epochA }),
        log.append(b.id, 1, [joined(2, b.p("x"))], { ...lobby, epoch: staleB }),
        log.append(c.id, 1, [joined(2, c.p("x"))], lobby),
      ]);
      expect(store.groups.slice(before)).toHaveLength(1);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(FencedError);
      expect(await seqs(a.id)).toEqual([1, 2]);
      expect(await seqs(b.id)).toEqual([1]);
      expect(await seqs(c.id)).toEqual([1, 2]);
    });

    it("fails only the batch whose rows violate a constraint, with the error a lone append gives it", async () => {
      const [a, b, c, d, e] = await sessions(5);
      await store.append(a.id, 1, [joined(2, a.p("ann"))], { ...lobby, newPlayers: [player(a.p("ann"))] });
      await store.append(d.id, 1, [joined(2, d.p("dan"))], { ...lobby, newPlayers: [player(d.p("dan"), { nicknameKey: "dan" })] });
      const taken = player(b.p("b1"), { tokenHash: `hash-${a.p("ann")}` }); // token hashes are unique across sessions
      const twin = player(d.p("d2"), { nicknameKey: "dan" }); // nicknames are unique within a session
      const before = store.groups.length;
      const results = await Promise.allSettled([
        log.append(b.id, 1, [joined(2, taken.id)], { ...lobby, newPlayers: [taken] }),
        log.append(c.id, 1, [joined(2, c.p("c1"))], { ...lobby, newPlayers: [player(c.p("c1"))] }),
        log.append(d.id, 2, [joined(3, twin.id)], { ...lobby, newPlayers: [twin] }),
        log.append(e.id, 1, [joined(2, e.p("e1"))], { ...lobby, newPlayers: [player(e.p("e1"))] }),
      ]);
      expect(store.groups.slice(before)).toHaveLength(1);
      expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "rejected", "fulfilled"]);
      expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      // The same batches appended alone fail the same way.
      await expect(store.append(b.id, 1, [joined(2, taken.id)], { ...lobby, newPlayers: [taken] })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(d.id, 2, [joined(3, twin.id)], { ...lobby, newPlayers: [twin] })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await seqs(b.id)).toEqual([1]);
      expect(await seqs(c.id)).toEqual([1, 2]);
      expect(await seqs(d.id)).toEqual([1, 2]);
      expect(await seqs(e.id)).toEqual([1, 2]);
      expect((await store.load(c.id))!.playerTokens).toEqual(new Map([[`hash-${c.p("c1")}`, c.p("c1")]]));
    });

    it("refuses a batch its schema rejects on its own, before it joins a statement", async () => {
      const [a, b] = await sessions(2);
      const bad = { seq: 2, at: T0, event: { type: "guess.submitted", round: 0, playerId: "", alpha: "fast" } } as unknown as StoredEvent;
      const before = store.groups.length;
      const results = await Promise.allSettled([log.append(a.id, 1, [bad], lobby), log.append(b.id, 1, [joined(2, b.p("x"))], lobby)]);
      expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEventError);
      expect(results[1].status).toBe("fulfilled");
      expect(store.groups.slice(before)).toEqual([[`${b.id}@1`]]);
    });

    it("keeps each session's batches in order across consecutive statements, one per session in each", async () => {
      const ss = await sessions(3);
      const before = store.groups.length;
      const appends = ss.flatMap((s) => [1, 2, 3, 4].map((k) => log.append(s.id, k, [joined(k + 1, s.p(`n${k}`))], lobby)));
      await Promise.all(appends);
      const groups = store.groups.slice(before);
      for (const group of groups) expect(new Set(group.map((g) => g.split("@")[0])).size).toBe(group.length);
      for (const s of ss) {
        const order = groups.flat().filter((g) => g.startsWith(`${s.id}@`));
        expect(order).toEqual([1, 2, 3, 4].map((k) => `${s.id}@${k}`));
        expect(await seqs(s.id)).toEqual([1, 2, 3, 4, 5]);
      }
      expect(groups).toHaveLength(4);
    });

    // A statement whose connection dies has an unknown outcome: no batch may be retried (it may have committed).
    it.skipIf(backend.name !== "PostgreSQL")("reports a lost connection to every batch of the statement and retries none", async () => {
      const [a, b] = await sessions(2);
      const blocker = new pg.Client({ connectionString: database.connectionString });
      await blocker.connect();
      try {
        await blocker.query("BEGIN");
        await blocker.query(`SELECT 1 FROM "Session" WHERE "id" = $1 FOR UPDATE`, [b.id]);
        const results = Promise.allSettled([log.append(a.id, 1, [joined(2, a.p("x"))], lobby), log.append(b.id, 1, [joined(2, b.p("x"))], lobby)]);
        let pid: number | undefined;
        for (let i = 0; i < 200 && pid === undefined; i++) {
          // Inside a transaction pg_stat_activity keeps its first snapshot: drop it, or the wait is never seen.
          await blocker.query("SELECT pg_stat_clear_snapshot()");
          const waiting = await blocker.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH req AS%'`,
          );
          pid = waiting.rows[0]?.pid;
          if (pid === undefined) await new Promise((r) => setTimeout(r, 25));
        }
        expect(pid).toBeDefined();
        await blocker.query("SELECT pg_terminate_backend($1)", [pid]);
        const settled = await results;
        expect(settled.map((r) => r.status)).toEqual(["rejected", "rejected"]);
        for (const r of settled) expect((r as PromiseRejectedResult).reason).not.toBeInstanceOf(ConcurrencyError);
      } finally {
        await blocker.query("ROLLBACK").catch(() => undefined);
        await blocker.end();
      }
      expect(await seqs(a.id)).toEqual([1]);
      expect(await seqs(b.id)).toEqual([1]);
      // The pool replaces the connection: the committer goes on.
      await log.append(a.id, 1, [joined(2, a.p("y"))], lobby);
      expect(await seqs(a.id)).toEqual([1, 2]);
    });

    it("acknowledges a batch only once its statement has committed", async () => {
      const ss = await sessions(4);
      const seen = await Promise.all(
        ss.map((s) =>
          log.append(s.id, 1, [joined(2, s.p("x"))], lobby).then(async () => {
            // Read back through the plain store (another connection on PostgreSQL) inside the resolution.
            const row = await database.prisma.session.findUnique({ where: { id: s.id }, select: { lastSeq: true } });
            return { lastSeq: row?.lastSeq, events: await seqs(s.id) };
          }),
        ),
      );
      for (const s of seen) expect(s).toEqual({ lastSeq: 2, events: [1, 2] });
    });
  });
}

describe("closing the group committer", () => {
  it("writes what is queued, then refuses new appends", async () => {
    const dir = await createTempDataDir();
    const database = await openDatabase({ dataDir: dir.path, log: silentDbLogger });
    try {
      const store = new EventStore(database.prisma);
      const log = new GroupCommitLog(store);
      await store.createSession({ id: "close-a", joinCode: "CLOSEA", hostTokenHash: "h" }, created);
      const queued = [1, 2, 3].map((k) => log.append("close-a", k, [joined(k + 1, `close-p${k}`)], lobby));
      await log.close();
      expect(log.pending).toBe(0);
      await Promise.all(queued);
      expect((await store.load("close-a"))!.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      await expect(log.append("close-a", 4, [joined(5, "close-p4")], lobby)).rejects.toBeInstanceOf(GroupCommitClosedError);
      await log.append("close-a", 4, [], lobby); // an empty batch still writes nothing, as append does
    } finally {
      await database.close();
      await dir.remove();
    }
  });
});
