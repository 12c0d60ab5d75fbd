import { SessionEventSchema, type StoredEvent } from "./events";
import type { NewPlayer } from "./decide";

/**
 * The small interface a session's log sits behind. The Prisma store (lib/db/event-store.ts) is the product's; the
 * in-memory one (memory-event-log.ts) is for tests and future cluster experiments. Both keep the same promises,
 * pinned by tests/sessions/event-log-contract.test.ts.
 */

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

/** An event offered for the log fails its stored schema: refused, so no log ever holds what it could not fold. */
export class InvalidEventError extends Error {}

/** A player created by a join, as the log stores it (decide makes it; the log keeps its token hash). */
export type NewPlayerRow = NewPlayer;

export type SessionRow = {
  id: string;
  joinCode: string;
  hostTokenHash: string;
  createdAt: Date;
  /** lobby | live | paused | ended, as folded when the last event was appended. */
  status: string;
  /** An imported replay: nothing may be appended. */
  readOnly: boolean;
};

/** What a new session's row needs; the rest follows from its first event. */
export type NewSessionRow = Pick<SessionRow, "id" | "joinCode" | "hostTokenHash">;

export type AppendExtras = {
  newPlayers?: readonly NewPlayerRow[];
  /** Cached columns for listings and start-up look-ups (the events stay authoritative). */
  status: string;
  roundDeadline: number | null;
};

/** A session as loaded: its row, its players' token hashes (tokenHash → player id) and its whole log, validated. */
export type LoadedSession = { row: SessionRow; playerTokens: Map<string, string>; events: StoredEvent[] };

/** What a live room needs: its log, and an optimistic append. */
export interface EventLog {
  /**
   * Appends a batch atomically after `expectedSeq`, with the batch's new players. Throws ConcurrencyError if the
   * session's last seq is not `expectedSeq` (someone else appended first), InvalidEventError if an event fails its
   * schema; an empty batch writes nothing.
   */
  append(sessionId: string, expectedSeq: number, events: readonly StoredEvent[], extras: AppendExtras): Promise<void>;
  /** The session's row, player tokens and events in seq order (null: no such session). */
  load(sessionId: string): Promise<LoadedSession | null>;
}

/** What the hub needs besides: making sessions and finding them. */
export interface SessionLog extends EventLog {
  /** Creates a live session with its first event. Throws JoinCodeTakenError when the code (or id) is in use. */
  createSession(row: NewSessionRow, created: StoredEvent): Promise<void>;
  findSessionIdByJoinCode(joinCode: string): Promise<string | null>;
  /** Sessions whose open round has a timer, so a (re)started server closes them on time. */
  sessionsWithDeadlines(): Promise<string[]>;
}

/** Refuses a batch holding an event its schema rejects: one check, shared by every implementation. */
export function assertStorable(sessionId: string, events: readonly StoredEvent[]): void {
  for (const stored of events) {
    const parsed = SessionEventSchema.safeParse(stored.event);
    if (!parsed.success)
      throw new InvalidEventError(`session ${sessionId} event ${stored.seq} (${String(stored.event?.type)}) is invalid: ${parsed.error.message}`);
  }
}
