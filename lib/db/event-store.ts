import { SessionEventSchema, type SessionEvent, type StoredEvent } from "@/lib/session/events";
import { Prisma, type PrismaClient } from "./generated/client";

/** Another writer appended to this session first; reload and decide again. */
export class ConcurrencyError extends Error {
  constructor(sessionId: string, expectedSeq: number) {
    super(`session ${sessionId} moved past seq ${expectedSeq} while this batch was being written`);
  }
}

/** The join code was taken by another session (codes are random; the caller draws another). */
export class JoinCodeTakenError extends Error {}

/** A stored event that fails its schema: the log is corrupt and must not be folded silently. */
export class CorruptEventError extends Error {}

export type SessionRow = {
  id: string;
  joinCode: string;
  hostTokenHash: string;
  createdAt: Date;
};

export type NewPlayerRow = { id: string; nickname: string; nicknameKey: string; tokenHash: string };

export type AppendExtras = {
  newPlayers?: readonly NewPlayerRow[];
  /** Cached columns for listings and start-up look-ups (the events stay authoritative). */
  status: string;
  roundDeadline: number | null;
};

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function toJson(event: SessionEvent): Prisma.InputJsonObject {
  return event as unknown as Prisma.InputJsonObject;
}

/**
 * The append-only session log on Prisma. Appends are optimistic: a batch is written only if the session's lastSeq is
 * still what the writer folded, so two server processes can never interleave events in one session.
 */
export class EventStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates a session with its first event — or, for an imported log, with all its events (and a status and
   * deadline folded from them) in one transaction.
   */
  async createSession(
    row: Omit<SessionRow, "createdAt">,
    created: StoredEvent,
    imported?: { events: readonly StoredEvent[]; status: string },
  ): Promise<void> {
    const events = imported?.events ?? [created];
    try {
      await this.prisma.session.create({
        data: {
          ...row,
          config: toJson(created.event),
          status: imported?.status ?? "lobby",
          lastSeq: events.at(-1)!.seq,
          createdAt: new Date(created.at),
          events: {
            createMany: {
              data: events.map((e) => ({ seq: e.seq, type: e.event.type, payload: toJson(e.event), createdAt: new Date(e.at) })),
            },
          },
        },
      });
    } catch (error) {
      if (isUniqueViolation(error) && String(error.meta?.target ?? error.message).includes("joinCode"))
        throw new JoinCodeTakenError(`join code ${row.joinCode} is in use`);
      if (isUniqueViolation(error)) throw new JoinCodeTakenError(`join code or id in use: ${error.message}`);
      throw error;
    }
  }

  async findSessionIdByJoinCode(joinCode: string): Promise<string | null> {
    const row = await this.prisma.session.findUnique({ where: { joinCode }, select: { id: true } });
    return row?.id ?? null;
  }

  /** Sequence number of the session's last event, or null when there is no such session (a cheap freshness check). */
  async lastSeq(sessionId: string): Promise<number | null> {
    const row = await this.prisma.session.findUnique({ where: { id: sessionId }, select: { lastSeq: true } });
    return row?.lastSeq ?? null;
  }

  /** The session row, its players' token hashes and its whole log, validated. */
  async load(sessionId: string): Promise<{ row: SessionRow; playerTokens: Map<string, string>; events: StoredEvent[] } | null> {
    const row = await this.prisma.session.findUnique({
      where: { id: sessionId },
      select: { id: true, joinCode: true, hostTokenHash: true, createdAt: true },
    });
    if (!row) return null;
    const [players, rows] = await Promise.all([
      this.prisma.player.findMany({ where: { sessionId }, select: { id: true, tokenHash: true } }),
      this.prisma.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" } }),
    ]);
    const events = rows.map((r): StoredEvent => {
      const parsed = SessionEventSchema.safeParse(r.payload);
      if (!parsed.success) throw new CorruptEventError(`session ${sessionId} event ${r.seq} (${r.type}) is invalid: ${parsed.error.message}`);
      return { seq: r.seq, at: r.createdAt.getTime(), event: parsed.data };
    });
    return { row, playerTokens: new Map(players.map((p) => [p.tokenHash, p.id])), events };
  }

  /** Appends a batch atomically after `expectedSeq`. Throws ConcurrencyError if someone else appended first. */
  async append(sessionId: string, expectedSeq: number, events: readonly StoredEvent[], extras: AppendExtras): Promise<void> {
    if (events.length === 0) return;
    const lastSeq = events.at(-1)!.seq;
    try {
      await this.prisma.$transaction(async (tx) => {
        const moved = await tx.session.updateMany({
          where: { id: sessionId, lastSeq: expectedSeq },
          data: {
            lastSeq,
            status: extras.status,
            roundDeadline: extras.roundDeadline === null ? null : new Date(extras.roundDeadline),
          },
        });
        if (moved.count !== 1) throw new ConcurrencyError(sessionId, expectedSeq);
        if (extras.newPlayers?.length)
          await tx.player.createMany({ data: extras.newPlayers.map((p) => ({ ...p, sessionId })) });
        await tx.sessionEvent.createMany({
          data: events.map((e) => ({
            sessionId,
            seq: e.seq,
            type: e.event.type,
            payload: toJson(e.event),
            createdAt: new Date(e.at),
          })),
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrencyError(sessionId, expectedSeq);
      throw error;
    }
  }

  /** Removes a session with its players and events (cascade). Returns false when there was none. */
  async deleteSession(sessionId: string): Promise<boolean> {
    const { count } = await this.prisma.session.deleteMany({ where: { id: sessionId } });
    return count === 1;
  }

  /** Retention: removes sessions created before `cutoff`; returns their ids. */
  async purgeCreatedBefore(cutoff: Date): Promise<string[]> {
    const old = await this.prisma.session.findMany({ where: { createdAt: { lt: cutoff } }, select: { id: true } });
    if (old.length === 0) return [];
    await this.prisma.session.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
    return old.map((o) => o.id);
  }

  /** Sessions whose open round has a timer, so a (re)started server closes them on time. */
  async sessionsWithDeadlines(): Promise<string[]> {
    const rows = await this.prisma.session.findMany({ where: { roundDeadline: { not: null } }, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
