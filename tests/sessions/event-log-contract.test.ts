import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database";
import { EventStore } from "@/lib/db/event-store";
import { GroupCommitLog } from "@/lib/db/group-commit";
import { silentDbLogger } from "@/lib/db/logger";
import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema } from "@/lib/protocol";
import type { SessionEvent, StoredEvent } from "@/lib/session";
import {
  ConcurrencyError,
  InvalidEventError,
  JoinCodeTakenError,
  type AppendExtras,
  type NewPlayerRow,
  type SessionLog,
} from "@/lib/session/event-log";
import { MemoryEventLog } from "@/lib/session/memory-event-log";
import { createScratchPostgresDatabase, createTempDataDir, postgresSkipReason, postgresTestUrl } from "../helpers/database";

/**
 * The promises every event log keeps, run against the in-memory log, the Prisma store and the group committer in
 * front of it (embedded, and PostgreSQL when TEST_DATABASE_URL is set), so tests that use the in-memory one are
 * testing what the product does.
 */

type Backend = { name: string; skip?: string; open(): Promise<{ log: SessionLog; close(): Promise<void> }> };

const backends: Backend[] = [
  { name: "memory", open: async () => ({ log: new MemoryEventLog(), close: async () => {} }) },
  {
    name: "prisma on the embedded database",
    async open() {
      const dir = await createTempDataDir();
      const database = await openDatabase({ dataDir: dir.path, log: silentDbLogger });
      return { log: new EventStore(database.prisma), close: () => closeAll(database, dir.remove) };
    },
  },
  {
    name: "prisma on PostgreSQL",
    skip: postgresSkipReason(),
    async open() {
      const scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
      const database = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused", log: silentDbLogger });
      return { log: new EventStore(database.prisma), close: () => closeAll(database, scratch.drop) };
    },
  },
  // What live rooms append through: the same promises, with batches of different sessions written together.
  {
    name: "group commit on the embedded database",
    async open() {
      const dir = await createTempDataDir();
      const database = await openDatabase({ dataDir: dir.path, log: silentDbLogger });
      const log = new GroupCommitLog(new EventStore(database.prisma));
      return { log, close: () => closeAll(database, dir.remove, log) };
    },
  },
  {
    name: "group commit on PostgreSQL",
    skip: postgresSkipReason(),
    async open() {
      const scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
      const database = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused", log: silentDbLogger });
      const log = new GroupCommitLog(new EventStore(database.prisma), { maxInFlight: 2 });
      return { log, close: () => closeAll(database, scratch.drop, log) };
    },
  },
];

async function closeAll(database: Database, remove: () => Promise<void>, log?: GroupCommitLog): Promise<void> {
  await log?.close();
  await database.close();
  await remove();
}

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const config = parseConfig({ scenario: "one-weight", seed: 1 });
const rules = SessionRulesSchema.parse({});
const createdEvent = (at = T0): StoredEvent => ({ seq: 1, at, event: { type: "session.created", config, rules, maxPlayers: 50 } });
const at = (seq: number, event: SessionEvent): StoredEvent => ({ seq, at: T0 + seq * 1000, event });
const joined = (seq: number, playerId: string): StoredEvent => at(seq, { type: "player.joined", playerId, nickname: playerId });
const lobby: AppendExtras = { status: "lobby", roundDeadline: null };

let counter = 0;
/** A fresh session id, join code and player-id prefix per test, so cases never share rows. */
function names() {
  counter++;
  return { id: `contract-${counter}`, joinCode: `C${counter}`, player: (p: string) => `p${counter}-${p}` };
}
const player = (id: string): NewPlayerRow => ({ id, nickname: id, nicknameKey: id.toLowerCase(), tokenHash: `hash-of-${id}` });

for (const backend of backends) {
  describe.skipIf(!!backend.skip)(`the event log contract: ${backend.name}`, () => {
    let log: SessionLog;
    let close: (() => Promise<void>) | undefined;

    /** A session with its session.created event at seq 1. */
    async function newSession() {
      const n = names();
      await log.createSession({ id: n.id, joinCode: n.joinCode, hostTokenHash: "host-hash" }, createdEvent());
      return n;
    }

    beforeAll(async () => {
      ({ log, close } = await backend.open());
    });
    afterAll(async () => {
      await close?.();
    });

    it("creates a session that loads with its row, its first event and no players, and is found by join code", async () => {
      const n = await newSession();
      const loaded = (await log.load(n.id))!;
      expect(loaded.row).toEqual({ id: n.id, joinCode: n.joinCode, hostTokenHash: "host-hash", createdAt: new Date(T0), status: "lobby", readOnly: false });
      expect(loaded.events).toEqual([createdEvent()]);
      expect(loaded.playerTokens).toEqual(new Map());
      expect(await log.findSessionIdByJoinCode(n.joinCode)).toBe(n.id);
      expect(await log.findSessionIdByJoinCode("NOPE")).toBeNull();
      expect(await log.load("no-such-session")).toBeNull();
    });

    it("refuses a second session with a join code in use", async () => {
      const n = await newSession();
      await expect(log.createSession({ id: `${n.id}-b`, joinCode: n.joinCode, hostTokenHash: "h" }, createdEvent())).rejects.toBeInstanceOf(
        JoinCodeTakenError,
      );
    });

    it("appends batches after the last seq and loads every event in seq order, as written", async () => {
      const n = await newSession();
      const first = [joined(2, n.player("a")), joined(3, n.player("b"))];
      await log.append(n.id, 1, first, { ...lobby, newPlayers: [player(n.player("a")), player(n.player("b"))] });
      const second = [
        at(4, { type: "round.opened", round: 1, k: 1, timerSeconds: null, deadline: null }),
        at(5, { type: "guess.submitted", round: 1, playerId: n.player("b"), alpha: 0.05 }),
        at(6, { type: "guess.submitted", round: 1, playerId: n.player("a"), alpha: 0.125 }),
      ];
      await log.append(n.id, 3, second, { status: "live", roundDeadline: null });
      const loaded = (await log.load(n.id))!;
      expect(loaded.events).toEqual([createdEvent(), ...first, ...second]);
      expect(loaded.row.status).toBe("live");
    });

    it("refuses a batch written after a stale seq with ConcurrencyError, and writes none of it", async () => {
      const n = await newSession();
      await log.append(n.id, 1, [joined(2, n.player("a"))], { ...lobby, newPlayers: [player(n.player("a"))] });
      const stale = log.append(n.id, 1, [joined(2, n.player("b"))], { ...lobby, newPlayers: [player(n.player("b"))] });
      await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
      const ahead = log.append(n.id, 5, [joined(6, n.player("c"))], lobby);
      await expect(ahead).rejects.toBeInstanceOf(ConcurrencyError);
      const loaded = (await log.load(n.id))!;
      expect(loaded.events.map((e) => e.seq)).toEqual([1, 2]);
      expect([...loaded.playerTokens.values()]).toEqual([n.player("a")]);
      await expect(log.append("no-such-session", 1, [joined(2, n.player("d"))], lobby)).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it("lets exactly one of two writers racing from the same seq win", async () => {
      const n = await newSession();
      const results = await Promise.allSettled([
        log.append(n.id, 1, [joined(2, n.player("x"))], { ...lobby, newPlayers: [player(n.player("x"))] }),
        log.append(n.id, 1, [joined(2, n.player("y"))], { ...lobby, newPlayers: [player(n.player("y"))] }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected");
      expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(ConcurrencyError);
      const loaded = (await log.load(n.id))!;
      expect(loaded.events).toHaveLength(2);
      const winner = loaded.events[1].event;
      expect(loaded.playerTokens).toEqual(new Map([[`hash-of-${"playerId" in winner ? winner.playerId : ""}`, "playerId" in winner ? winner.playerId : ""]]));
    });

    it("records the batch's players so their tokens load (tokenHash → player id)", async () => {
      const n = await newSession();
      await log.append(n.id, 1, [joined(2, n.player("a"))], { ...lobby, newPlayers: [player(n.player("a"))] });
      await log.append(n.id, 2, [joined(3, n.player("b")), joined(4, n.player("c"))], {
        ...lobby,
        newPlayers: [player(n.player("b")), player(n.player("c"))],
      });
      const loaded = (await log.load(n.id))!;
      expect(loaded.playerTokens).toEqual(
        new Map(["a", "b", "c"].map((p) => [`hash-of-${n.player(p)}`, n.player(p)])),
      );
    });

    it("refuses a player whose nickname is taken in the session as a conflict, writing nothing of the batch", async () => {
      const n = await newSession();
      await log.append(n.id, 1, [joined(2, n.player("a"))], { ...lobby, newPlayers: [player(n.player("a"))] });
      const twin = { ...player(n.player("a2")), nicknameKey: player(n.player("a")).nicknameKey };
      await expect(log.append(n.id, 2, [joined(3, twin.id)], { ...lobby, newPlayers: [twin] })).rejects.toBeInstanceOf(ConcurrencyError);
      const loaded = (await log.load(n.id))!;
      expect(loaded.events.map((e) => e.seq)).toEqual([1, 2]);
      expect(loaded.playerTokens.size).toBe(1);
    });

    it("refuses a batch holding an event that fails its stored schema, writing none of it", async () => {
      const n = await newSession();
      const bad = { seq: 3, at: T0, event: { type: "guess.submitted", round: 0, playerId: "", alpha: "fast" } } as unknown as StoredEvent;
      await expect(log.append(n.id, 1, [joined(2, n.player("a")), bad], { ...lobby, newPlayers: [player(n.player("a"))] })).rejects.toBeInstanceOf(
        InvalidEventError,
      );
      const unknown = { seq: 2, at: T0, event: { type: "session.hacked" } } as unknown as StoredEvent;
      await expect(log.append(n.id, 1, [unknown], lobby)).rejects.toBeInstanceOf(InvalidEventError);
      const loaded = (await log.load(n.id))!;
      expect(loaded.events).toEqual([createdEvent()]);
      expect(loaded.playerTokens.size).toBe(0);
      // The log did not move: the honest part of the batch still goes in after seq 1.
      await log.append(n.id, 1, [joined(2, n.player("a"))], { ...lobby, newPlayers: [player(n.player("a"))] });
      expect((await log.load(n.id))!.events).toHaveLength(2);
    });

    it("treats an empty batch as nothing to write, whatever its seq and extras", async () => {
      const n = await newSession();
      await log.append(n.id, 1, [], { status: "ended", roundDeadline: T0 });
      await log.append(n.id, 99, [], { status: "ended", roundDeadline: T0 });
      const loaded = (await log.load(n.id))!;
      expect(loaded.events).toEqual([createdEvent()]);
      expect(loaded.row.status).toBe("lobby");
      expect(await log.sessionsWithDeadlines()).not.toContain(n.id);
    });

    it("lists the sessions whose open round has a deadline, as the last append said", async () => {
      const n = await newSession();
      const deadline = T0 + 60_000;
      await log.append(n.id, 1, [at(2, { type: "round.opened", round: 1, k: 1, timerSeconds: 60, deadline })], { status: "live", roundDeadline: deadline });
      expect(await log.sessionsWithDeadlines()).toContain(n.id);
      await log.append(n.id, 2, [at(3, { type: "session.ended" })], { status: "ended", roundDeadline: null });
      expect(await log.sessionsWithDeadlines()).not.toContain(n.id);
    });

    it("keeps times to the millisecond and never shares the caller's objects", async () => {
      const n = await newSession();
      const event: SessionEvent = { type: "guess.submitted", round: 1, playerId: n.player("a"), alpha: 0.1 };
      const written = { ...event };
      await log.append(n.id, 1, [{ seq: 2, at: T0 + 1.75, event: written }], lobby);
      written.alpha = 9;
      const loaded = (await log.load(n.id))!;
      expect(loaded.events[1]).toEqual({ seq: 2, at: T0 + 1, event });
      (loaded.events[1].event as { alpha: number }).alpha = 7;
      expect((await log.load(n.id))!.events[1].event).toEqual(event);
    });
  });
}
