import { SessionEventSchema, type SessionEvent, type StoredEvent } from "@/lib/session/events";
import {
  assertStorable,
  ConcurrencyError,
  CorruptEventError,
  FencedError,
  JoinCodeTakenError,
  type AppendExtras,
  type LoadedSession,
  type NewPlayerRow,
  type NewSessionRow,
  type SessionLog,
  type SessionRow,
} from "@/lib/session/event-log";
import pg from "pg";
import { Prisma, type PrismaClient } from "./generated/client";
import { rawPoolOf } from "./prisma-client";

// The log's interface and errors live in lib/session; re-exported so server code importing them from here still works.
export { ConcurrencyError, CorruptEventError, FencedError, InvalidEventError, JoinCodeTakenError } from "@/lib/session/event-log";
export type { AppendExtras, LoadedSession, NewPlayerRow, SessionRow } from "@/lib/session/event-log";

/** What deciding who may read a log needs, without loading it. */
export type SessionAccess = Pick<SessionRow, "hostTokenHash" | "status" | "readOnly"> & { lastSeq: number };

/** An imported event ready to insert: its payload already JSON text (serialised by the import worker). */
export type ImportedEventRow = { seq: number; at: number; type: string; payload: string };

/** A stored event as PostgreSQL returns it: the payload still JSON text, to be parsed and validated off the main thread. */
export type RawEventRow = { seq: number; at: number; payload: string };

/** Listing data read with a few aggregate queries instead of a fold of the whole log. */
export type SessionSummaryRow = Pick<SessionRow, "id" | "joinCode" | "createdAt" | "status"> & {
  created: unknown;
  players: number;
  rounds: number;
  steps: number;
};

/**
 * Events per statement when an import is written. The embedded database runs on this thread, so a statement is a
 * pause for every live session: ~30 KB of rows keeps each one short, and other queries get turns in between.
 */
const IMPORT_CHUNK = 100;
/** Idempotency receipts a loading owner reads back: far more than one lesson's retries in flight at any time. */
const RECEIPTS_LOADED = 20_000;

function isUniqueViolation(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return error.code === "23505"; // the group append, sent on the pg pool
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  // A raw statement's failure carries PostgreSQL's own code (23505: unique_violation).
  return error.code === "P2010" && /23505|unique constraint/i.test(JSON.stringify(error.meta ?? {}) + error.message);
}

function toJson(event: SessionEvent): Prisma.InputJsonObject {
  return event as unknown as Prisma.InputJsonObject;
}

function eventRow(e: StoredEvent) {
  return { seq: e.seq, type: e.event.type, payload: toJson(e.event), createdAt: new Date(e.at) };
}

/** A stored row checked against its schema: a row that fails it means a corrupt log, never folded silently. */
function storedEvent(sessionId: string, row: { seq: number; type: string; payload: unknown; createdAt: Date }): StoredEvent {
  const parsed = SessionEventSchema.safeParse(row.payload);
  if (!parsed.success) throw new CorruptEventError(`session ${sessionId} event ${row.seq} (${row.type}) is invalid: ${parsed.error.message}`);
  return { seq: row.seq, at: row.createdAt.getTime(), event: parsed.data };
}

/** The columns are TIMESTAMP(3) holding UTC, as Prisma writes them: an ISO time without its zone letter. */
const utcTimestamp = (ms: number) => new Date(ms).toISOString().slice(0, -1);

/** One session's batch for the log, as a request to append it. */
export type AppendRequest = { sessionId: string; expectedSeq: number; events: readonly StoredEvent[]; extras: AppendExtras };

/**
 * A batch checked and turned into column values (payloads as JSON text), ready for one statement with others. Made
 * once, when the batch is queued, so the writer knows its size and a bad batch fails before it joins a group.
 */
export type PreparedAppend = {
  readonly sessionId: string;
  readonly expectedSeq: number;
  readonly lastSeq: number;
  readonly status: string;
  readonly deadline: string | null;
  readonly epoch: number | null;
  readonly at: string;
  readonly events: readonly { seq: number; type: string; payload: string; at: string }[];
  readonly players: readonly NewPlayerRow[];
  readonly receipts: readonly { key: string; response: string; seq: number }[];
  /** Rows the statement inserts for it, and the JSON bytes it carries: what a group's size is capped by. */
  readonly rows: number;
  readonly bytes: number;
};

export type AppendOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * Checks a batch and makes its column values; null for an empty batch (nothing to write). Throws InvalidEventError
 * for an event its schema refuses (so no log ever holds what it could not fold), RangeError for an invalid time.
 */
export function prepareAppend({ sessionId, expectedSeq, events, extras }: AppendRequest): PreparedAppend | null {
  if (events.length === 0) return null;
  assertStorable(sessionId, events);
  const rows = events.map((e) => ({ seq: e.seq, type: e.event.type, payload: JSON.stringify(e.event), at: utcTimestamp(e.at) }));
  const players = (extras.newPlayers ?? []).map((p) => ({ id: p.id, nickname: p.nickname, nicknameKey: p.nicknameKey, tokenHash: p.tokenHash }));
  const receipts = (extras.receipts ?? []).map((r) => ({ key: r.key, response: JSON.stringify(r.response), seq: r.seq }));
  let bytes = 0;
  for (const e of rows) bytes += e.payload.length;
  for (const r of receipts) bytes += r.response.length;
  return {
    sessionId,
    expectedSeq,
    lastSeq: events.at(-1)!.seq,
    status: extras.status,
    deadline: extras.roundDeadline === null ? null : utcTimestamp(extras.roundDeadline),
    epoch: extras.epoch ?? null,
    at: rows[0].at,
    events: rows,
    players,
    receipts,
    rows: rows.length + players.length + receipts.length,
    bytes,
  };
}

/** A row of the statement's answer: a session that moved, or an existing session's epoch. */
type GroupRow = { id: string; moved: boolean; epoch: number | null };

/** What the statement says of each batch's session: whether it moved, and the epoch it is written under. */
type SessionOutcome = { moved: boolean; epoch: number | null };

function groupRows(rows: readonly GroupRow[]): Map<string, SessionOutcome> {
  const byId = new Map<string, SessionOutcome>();
  for (const row of rows) {
    const seen = byId.get(row.id) ?? { moved: false, epoch: null };
    if (row.moved) seen.moved = true;
    else seen.epoch = row.epoch === null ? null : Number(row.epoch);
    byId.set(row.id, seen);
  }
  return byId;
}

/** A moved session is committed; otherwise another node's epoch means fenced, anything else a lost race. */
function outcomeError(batch: PreparedAppend, row: SessionOutcome | undefined): Error | null {
  if (row?.moved === true) return null;
  if (batch.epoch !== null && row !== undefined && row.epoch !== null && row.epoch !== batch.epoch)
    return new FencedError(batch.sessionId, batch.epoch);
  return new ConcurrencyError(batch.sessionId, batch.expectedSeq);
}

/** A seq, player id, token hash or nickname that is already taken: another writer got in first. */
function appendError(batch: PreparedAppend, error: unknown): unknown {
  return isUniqueViolation(error) ? new ConcurrencyError(batch.sessionId, batch.expectedSeq) : error;
}

/**
 * True when PostgreSQL itself refused the statement (it answered with a SQLSTATE, at ERROR level: not a lost
 * connection, not a FATAL that ends the backend): its implicit transaction was rolled back, so nothing of it was
 * written and its batches may be retried apart. The pg adapter names some SQLSTATEs (UniqueConstraintViolation…) and
 * passes the others on as kind "postgres" with their severity.
 */
function statementRolledBack(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return error.severity === "ERROR";
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  type Cause = { originalCode?: unknown; kind?: unknown; severity?: unknown };
  const cause = (error.meta as { driverAdapterError?: { cause?: Cause } } | undefined)?.driverAdapterError?.cause;
  if (typeof cause?.originalCode !== "string") return false;
  return cause.kind !== "postgres" || cause.severity === "ERROR";
}

/**
 * The group append (EventStore.appendMany): one statement for the batches of many sessions. $1–$7 are the batches
 * (session, expected seq, last seq, status, deadline, epoch, time), $8–$12 the events, $13–$17 the new players,
 * $18–$21 the receipts, each a column array. Named (where the pool allows it), so each connection plans it once.
 */
const GROUP_APPEND_STATEMENT = "bpl_group_append_v1";
const GROUP_APPEND_SQL = `
      WITH req AS (
        SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::timestamp(3)[], $6::int[], $7::timestamp(3)[])
          AS r(id, expected, last, status, deadline, epoch, at)
      ), moved AS (
        UPDATE "Session" AS s SET "lastSeq" = req.last, "status" = req.status, "roundDeadline" = req.deadline, "updatedAt" = req.at
        FROM req
        WHERE s."id" = req.id AND s."lastSeq" = req.expected AND (req.epoch IS NULL OR s."ownerEpoch" = req.epoch)
        RETURNING s."id", req.at
      ), inserted_events AS (
        INSERT INTO "SessionEvent" ("sessionId", "seq", "type", "payload", "createdAt")
        SELECT moved."id", e.seq, e.type, e.payload::jsonb, e.at
        FROM unnest($8::text[], $9::int[], $10::text[], $11::text[], $12::timestamp(3)[])
          AS e(sid, seq, type, payload, at)
        JOIN moved ON moved."id" = e.sid
        RETURNING 1
      ), inserted_players AS (
        INSERT INTO "Player" ("id", "sessionId", "nickname", "nicknameKey", "tokenHash", "createdAt")
        SELECT p.id, moved."id", p.nickname, p.key, p.hash, moved.at
        FROM unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
          AS p(sid, id, nickname, key, hash)
        JOIN moved ON moved."id" = p.sid
        RETURNING 1
      ), inserted_receipts AS (
        INSERT INTO "CommandReceipt" ("sessionId", "key", "response", "seq", "createdAt")
        SELECT moved."id", r.key, r.response::jsonb, r.seq, moved.at
        FROM unnest($18::text[], $19::text[], $20::text[], $21::int[])
          AS r(sid, key, response, seq)
        JOIN moved ON moved."id" = r.sid
        -- A key already there was answered by an earlier batch (found in memory then): never fail a batch on it.
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      -- The moved ids, then every existing session's epoch (as of this statement's snapshot: appends never change it),
      -- matched up in JS: joining moved to req here would compare every pair of a big group's rows.
      SELECT "id", true AS "moved", NULL::int AS "epoch" FROM moved
      UNION ALL
      SELECT s."id", false, s."ownerEpoch" FROM req JOIN "Session" AS s ON s."id" = req.id`;

const ROW_SELECT = { id: true, joinCode: true, hostTokenHash: true, createdAt: true, status: true, readOnly: true } as const;

/**
 * The append-only session log on Prisma. Appends are optimistic: a batch is written only if the session's lastSeq is
 * still what the writer folded, so two server processes can never interleave events in one session.
 */
export class EventStore implements SessionLog {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a live session with its first event. */
  async createSession(row: NewSessionRow, created: StoredEvent): Promise<void> {
    assertStorable(row.id, [created]);
    await this.createRow(row, created, { status: "lobby", readOnly: false, first: [eventRow(created)] });
  }

  /**
   * Creates a read-only session from an imported (already checked) log. A big import is written in chunks, each
   * with its lastSeq, so one huge statement never holds the (single, embedded) connection while live sessions wait;
   * the caller hands the id out only when all chunks are in, and a failed import is removed.
   */
  async createImportedSession(
    row: Pick<SessionRow, "id" | "joinCode" | "hostTokenHash">,
    created: StoredEvent,
    rows: readonly ImportedEventRow[],
    status: string,
  ): Promise<void> {
    if (rows[0]?.seq !== 1) throw new Error("an imported log starts at seq 1");
    await this.createRow(row, created, { status, readOnly: true, first: [eventRow(created)] });
    try {
      for (let i = 1; i < rows.length; i += IMPORT_CHUNK) {
        const chunk = rows.slice(i, i + IMPORT_CHUNK);
        await this.prisma.$transaction([
          this.prisma.$executeRaw`
            INSERT INTO "SessionEvent" ("sessionId", "seq", "type", "payload", "createdAt")
            SELECT ${row.id}, r.seq, r.type, r.payload::jsonb, r.at
            FROM unnest(${chunk.map((c) => c.seq)}::int[], ${chunk.map((c) => c.type)}::text[], ${chunk.map((c) => c.payload)}::text[],
                        ${chunk.map((c) => utcTimestamp(c.at))}::timestamp(3)[]) AS r(seq, type, payload, at)`,
          this.prisma.session.update({ where: { id: row.id }, data: { lastSeq: chunk.at(-1)!.seq } }),
        ]);
      }
    } catch (error) {
      await this.deleteSession(row.id).catch(() => undefined);
      throw error;
    }
  }

  private async createRow(
    row: Pick<SessionRow, "id" | "joinCode" | "hostTokenHash">,
    created: StoredEvent,
    extra: { status: string; readOnly: boolean; first: ReturnType<typeof eventRow>[] },
  ): Promise<void> {
    try {
      await this.prisma.session.create({
        data: {
          ...row,
          config: toJson(created.event),
          status: extra.status,
          readOnly: extra.readOnly,
          lastSeq: created.seq,
          createdAt: new Date(created.at),
          events: { createMany: { data: extra.first } },
        },
      });
    } catch (error) {
      if (isUniqueViolation(error) && error instanceof Prisma.PrismaClientKnownRequestError) {
        if (String(error.meta?.target ?? error.message).includes("joinCode")) throw new JoinCodeTakenError(`join code ${row.joinCode} is in use`);
        throw new JoinCodeTakenError(`join code or id in use: ${error.message}`);
      }
      throw error;
    }
  }

  /** Who may read the session's log, and whether it changed since a cached copy (null: no such session). */
  async access(sessionId: string): Promise<SessionAccess | null> {
    return this.prisma.session.findUnique({
      where: { id: sessionId },
      select: { hostTokenHash: true, status: true, readOnly: true, lastSeq: true },
    });
  }

  /** Up to `limit` of the session's events after `afterSeq`, payloads as JSON text. */
  async rawEvents(sessionId: string, afterSeq: number, limit: number): Promise<RawEventRow[]> {
    const rows = await this.prisma.$queryRaw<{ seq: number; createdAt: Date; payload: string }[]>`
      SELECT "seq", "createdAt", "payload"::text AS "payload" FROM "SessionEvent"
      WHERE "sessionId" = ${sessionId} AND "seq" > ${afterSeq} ORDER BY "seq" LIMIT ${limit}`;
    return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.createdAt).getTime(), payload: r.payload }));
  }

  async row(sessionId: string): Promise<SessionRow | null> {
    return this.prisma.session.findUnique({ where: { id: sessionId }, select: ROW_SELECT });
  }

  /** Counts for "My sessions" without loading the log. */
  async summary(sessionId: string): Promise<SessionSummaryRow | null> {
    const row = await this.prisma.session.findUnique({
      where: { id: sessionId },
      select: { id: true, joinCode: true, createdAt: true, status: true, config: true },
    });
    if (!row) return null;
    const [counts, steps] = await Promise.all([
      this.prisma.sessionEvent.groupBy({
        by: ["type"],
        where: { sessionId, type: { in: ["player.joined", "round.opened"] } },
        _count: { _all: true },
      }),
      this.prisma.$queryRaw<{ steps: bigint | number | null }[]>`
        SELECT SUM(("payload"->>'stepsApplied')::int) AS "steps" FROM "SessionEvent"
        WHERE "sessionId" = ${sessionId} AND "type" = 'network.stepped'`,
    ]);
    const count = (type: string) => counts.find((c) => c.type === type)?._count._all ?? 0;
    const { config, ...rest } = row;
    return { ...rest, created: config, players: count("player.joined"), rounds: count("round.opened"), steps: Number(steps[0]?.steps ?? 0) };
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
  async load(sessionId: string): Promise<LoadedSession | null> {
    const row = await this.row(sessionId);
    if (!row) return null;
    const [players, rows, receipts] = await Promise.all([
      this.prisma.player.findMany({ where: { sessionId }, select: { id: true, tokenHash: true } }),
      this.prisma.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" } }),
      this.prisma.commandReceipt.findMany({
        where: { sessionId },
        orderBy: { seq: "desc" },
        take: RECEIPTS_LOADED,
        select: { key: true, response: true },
      }),
    ]);
    const events = rows.map((r) => storedEvent(sessionId, r));
    return {
      row,
      playerTokens: new Map(players.map((p) => [p.tokenHash, p.id])),
      events,
      receipts: new Map(receipts.reverse().map((r) => [r.key, r.response])),
    };
  }

  /** Events after `afterSeq`, validated, and every player's token (a node catching up on a session it mirrors). */
  async eventsAfter(sessionId: string, afterSeq: number): Promise<{ events: StoredEvent[]; playerTokens: Map<string, string> } | null> {
    const [rows, players] = await Promise.all([
      this.prisma.sessionEvent.findMany({ where: { sessionId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } }),
      this.prisma.player.findMany({ where: { sessionId }, select: { id: true, tokenHash: true } }),
    ]);
    const events = rows.map((r) => storedEvent(sessionId, r));
    return { events, playerTokens: new Map(players.map((p) => [p.tokenHash, p.id])) };
  }

  /**
   * Appends a batch atomically after `expectedSeq`, in ONE statement (one round trip, its own implicit transaction):
   * the session row moves only if its lastSeq — and, in a cluster, its owner epoch — are what this writer holds, and
   * the events, new players and idempotency receipts are inserted only through that moved row. Throws
   * ConcurrencyError if someone else appended first, FencedError if another node took the session over.
   */
  async append(sessionId: string, expectedSeq: number, events: readonly StoredEvent[], extras: AppendExtras): Promise<void> {
    const prepared = prepareAppend({ sessionId, expectedSeq, events, extras });
    if (prepared === null) return;
    await this.appendOne(prepared);
  }

  /**
   * Appends the batches of many sessions in ONE statement, each with its own seq and epoch check, so a session that
   * lost a race fails alone while the others commit together (group commit: one round trip and one WAL flush for
   * all). If the statement fails as a whole (a unique violation, a bad value), its halves are tried on their own, and
   * so on down to single batches: only the guilty batch fails, with the error append() gives it, in a few statements.
   * Never throws: one outcome per batch, in order. At most one batch per session: two would race for the same row.
   */
  async appendMany(batches: readonly PreparedAppend[]): Promise<AppendOutcome[]> {
    if (new Set(batches.map((b) => b.sessionId)).size !== batches.length)
      return batches.map(() => ({ ok: false, error: new RangeError("appendMany: at most one batch per session in a statement") }));
    return this.writeOrSplit(batches);
  }

  private async appendOne(batch: PreparedAppend): Promise<void> {
    const [outcome] = await this.writeOrSplit([batch]);
    if (!outcome.ok) throw outcome.error;
  }

  private async writeOrSplit(batches: readonly PreparedAppend[]): Promise<AppendOutcome[]> {
    if (batches.length === 0) return [];
    let rows: GroupRow[];
    try {
      rows = await this.writeGroup(batches);
    } catch (error) {
      // A failure PostgreSQL reported rolled the whole statement back, so its halves can be tried (in parallel: they
      // share no session). Anything else (a lost connection) leaves the outcome unknown: every batch gets that error,
      // as a lone append would.
      if (batches.length === 1 || !statementRolledBack(error)) return batches.map((b) => ({ ok: false, error: appendError(b, error) }));
      const half = Math.ceil(batches.length / 2);
      const [first, second] = await Promise.all([this.writeOrSplit(batches.slice(0, half)), this.writeOrSplit(batches.slice(half))]);
      return [...first, ...second];
    }
    const bySession = groupRows(rows);
    return batches.map((b) => {
      const error = outcomeError(b, bySession.get(b.sessionId));
      return error ? { ok: false, error } : { ok: true };
    });
  }

  /** The one statement behind every append: the batches' sessions move (checked), their rows go in through the moved ones. */
  private async writeGroup(batches: readonly PreparedAppend[]): Promise<GroupRow[]> {
    const events = batches.flatMap((b) => b.events.map((e) => ({ sessionId: b.sessionId, ...e })));
    const players = batches.flatMap((b) => b.players.map((p) => ({ sessionId: b.sessionId, ...p })));
    const receipts = batches.flatMap((b) => b.receipts.map((r) => ({ sessionId: b.sessionId, ...r })));
    const values = [
      batches.map((x) => x.sessionId),
      batches.map((x) => x.expectedSeq),
      batches.map((x) => x.lastSeq),
      batches.map((x) => x.status),
      batches.map((x) => x.deadline),
      batches.map((x) => x.epoch),
      batches.map((x) => x.at),
      events.map((x) => x.sessionId),
      events.map((x) => x.seq),
      events.map((x) => x.type),
      events.map((x) => x.payload),
      events.map((x) => x.at),
      players.map((x) => x.sessionId),
      players.map((x) => x.id),
      players.map((x) => x.nickname),
      players.map((x) => x.nicknameKey),
      players.map((x) => x.tokenHash),
      receipts.map((x) => x.sessionId),
      receipts.map((x) => x.key),
      receipts.map((x) => x.response),
      receipts.map((x) => x.seq),
    ];
    const raw = rawPoolOf(this.prisma);
    if (!raw) return this.prisma.$queryRawUnsafe<GroupRow[]>(GROUP_APPEND_SQL, ...values);
    const name = raw.namedStatements ? GROUP_APPEND_STATEMENT : undefined;
    const result = await raw.pool.query<GroupRow>({ name, text: GROUP_APPEND_SQL, values });
    return result.rows;
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
