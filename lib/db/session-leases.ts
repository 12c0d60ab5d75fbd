import type { PrismaClient } from "./generated/client";

/** Who writes a session right now, as PostgreSQL says (its clock decides expiry, so node clocks never matter). */
export type LeaseInfo = {
  sessionId: string;
  ownerNode: string | null;
  ownerEpoch: number;
  /** The owner's lease has not run out. */
  live: boolean;
  lastSeq: number;
};

/**
 * The write leases of a cluster: one row per session (columns of "Session"), so taking a lease and appending under it
 * are checked against the same row. Each takeover raises ownerEpoch; appends carry the epoch (event-store.ts), so a
 * writer that lost its lease — paused, partitioned, or simply slow — is refused by the database, not by politeness.
 */
export class SessionLeases {
  constructor(private readonly prisma: PrismaClient) {}

  /** Takes the session's lease if nobody holds a live one; returns the new epoch, or null when another node holds it. */
  async acquire(sessionId: string, nodeId: string, ttlMs: number): Promise<number | null> {
    const rows = await this.prisma.$queryRaw<{ ownerEpoch: number }[]>`
      UPDATE "Session" SET "ownerNode" = ${nodeId}, "ownerEpoch" = "ownerEpoch" + 1,
        "leaseUntil" = now() + make_interval(secs => ${ttlMs / 1000})
      WHERE "id" = ${sessionId} AND "readOnly" = false
        AND ("ownerNode" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" < now())
      RETURNING "ownerEpoch"`;
    return rows[0]?.ownerEpoch ?? null;
  }

  /** Extends the leases this node still holds (same epoch); returns the ids renewed — any other was lost. */
  async renew(nodeId: string, held: ReadonlyMap<string, number>, ttlMs: number): Promise<Set<string>> {
    if (held.size === 0) return new Set();
    const ids = [...held.keys()];
    const epochs = ids.map((id) => held.get(id)!);
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "Session" AS s SET "leaseUntil" = now() + make_interval(secs => ${ttlMs / 1000})
      FROM unnest(${ids}::text[], ${epochs}::int[]) AS h(id, epoch)
      WHERE s."id" = h.id AND s."ownerEpoch" = h.epoch AND s."ownerNode" = ${nodeId}
      RETURNING s."id"`;
    return new Set(rows.map((r) => r.id));
  }

  /** Gives leases up at once (a draining node), so another node takes the sessions without waiting for expiry. */
  async release(nodeId: string, held: ReadonlyMap<string, number>): Promise<void> {
    if (held.size === 0) return;
    const ids = [...held.keys()];
    const epochs = ids.map((id) => held.get(id)!);
    await this.prisma.$executeRaw`
      UPDATE "Session" AS s SET "ownerNode" = NULL, "leaseUntil" = NULL
      FROM unnest(${ids}::text[], ${epochs}::int[]) AS h(id, epoch)
      WHERE s."id" = h.id AND s."ownerEpoch" = h.epoch AND s."ownerNode" = ${nodeId}`;
  }

  /**
   * A node starting under an id that still holds leases is that id's previous process, which is gone (one id runs
   * once): its leases are freed. Their epochs stay, so the next holder still fences anything the old process sends.
   */
  async releaseAllOf(nodeId: string): Promise<number> {
    return this.prisma.$executeRaw`UPDATE "Session" SET "ownerNode" = NULL, "leaseUntil" = NULL WHERE "ownerNode" = ${nodeId}`;
  }

  async info(sessionIds: readonly string[]): Promise<LeaseInfo[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<{ id: string; ownerNode: string | null; ownerEpoch: number; live: boolean; lastSeq: number }[]>`
      SELECT "id", "ownerNode", "ownerEpoch", "lastSeq",
        ("ownerNode" IS NOT NULL AND "leaseUntil" IS NOT NULL AND "leaseUntil" >= now()) AS "live"
      FROM "Session" WHERE "id" = ANY(${[...sessionIds]}::text[])`;
    return rows.map((r) => ({ sessionId: r.id, ownerNode: r.ownerNode, ownerEpoch: Number(r.ownerEpoch), live: r.live, lastSeq: Number(r.lastSeq) }));
  }

  /** Sessions with a round timer running and no live owner: some node must take them, or their rounds never close. */
  async orphanedDeadlines(limit = 100): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Session"
      WHERE "roundDeadline" IS NOT NULL AND "readOnly" = false
        AND ("ownerNode" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" < now())
      LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }
}
