import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database";
import { EventStore, FencedError } from "@/lib/db/event-store";
import { SessionLeases } from "@/lib/db/session-leases";
import type { StoredEvent } from "@/lib/session";
import { createScratchPostgresDatabase, postgresSkipReason, postgresTestUrl, type ScratchDatabase } from "../helpers/database";

const skip = postgresSkipReason();
const created: StoredEvent = {
  seq: 1,
  at: Date.UTC(2026, 11, 2),
  event: { type: "session.created", config: { scenario: "one-weight" } as never, rules: {} as never, maxPlayers: 10 },
};

describe.skipIf(skip)("write leases and fencing in PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let store: EventStore;
  let leases: SessionLeases;
  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
    database = await openDatabase({ databaseUrl: scratch.url, dataDir: "" });
    store = new EventStore(database.prisma);
    leases = new SessionLeases(database.prisma);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const lobbyEvent = (seq: number): StoredEvent => ({ seq, at: created.at + seq, event: { type: "session.locked", locked: seq % 2 === 0 } as never });

  it("one holder at a time; a takeover raises the epoch and the old holder's append is refused", async () => {
    const { parseConfig } = await import("@/lib/engine");
    const { SessionRulesSchema } = await import("@/lib/protocol");
    const first: StoredEvent = { ...created, event: { ...created.event, config: parseConfig({ scenario: "one-weight", seed: 1 }), rules: SessionRulesSchema.parse({}) } as never };
    await store.createSession({ id: "lease-session-1", joinCode: "LEASE1", hostTokenHash: "h" }, first);
    const epochA = await leases.acquire("lease-session-1", "a", 300);
    expect(epochA).toBe(1);
    expect(await leases.acquire("lease-session-1", "b", 300)).toBeNull();
    await store.append("lease-session-1", 1, [lobbyEvent(2)], { status: "lobby", roundDeadline: null, epoch: epochA! });
    // A's lease runs out (it was paused, say); B takes the session.
    await new Promise((r) => setTimeout(r, 400));
    const epochB = await leases.acquire("lease-session-1", "b", 5_000);
    expect(epochB).toBe(2);
    expect(await leases.renew("a", new Map([["lease-session-1", epochA!]]), 5_000)).toEqual(new Set());
    // A wakes and appends what it decided before: the storage refuses it, even at the right seq.
    await expect(store.append("lease-session-1", 2, [lobbyEvent(3)], { status: "lobby", roundDeadline: null, epoch: epochA! })).rejects.toBeInstanceOf(FencedError);
    await store.append("lease-session-1", 2, [lobbyEvent(3)], { status: "lobby", roundDeadline: null, epoch: epochB! });
    expect(await store.lastSeq("lease-session-1")).toBe(3);
    expect(await leases.renew("b", new Map([["lease-session-1", epochB!]]), 5_000)).toEqual(new Set(["lease-session-1"]));
    // A released lease is free at once; the epoch keeps rising.
    await leases.release("b", new Map([["lease-session-1", epochB!]]));
    expect(await leases.acquire("lease-session-1", "c", 5_000)).toBe(3);
    const [info] = await leases.info(["lease-session-1"]);
    expect(info).toMatchObject({ ownerNode: "c", ownerEpoch: 3, live: true, lastSeq: 3 });
  });
});
