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

/**
 * The session was taken over by another writer (its owner epoch moved past the one this append carried): this
 * writer must stop deciding for the session. Fencing in the storage, so a paused former owner can never append.
 */
export class FencedError extends Error {
  constructor(sessionId: string, epoch: number) {
    super(`session ${sessionId} is no longer written under owner epoch ${epoch}`);
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
  /** Cluster: the owner epoch this writer holds; the append fails with FencedError if the session's is another. */
  epoch?: number;
  /** Answers to commands that carried an idempotency key, stored with their events. */
  receipts?: readonly CommandReceiptRow[];
};

/** A command's first answer, kept under its idempotency key ("<actor>:<commandId>") so a retry gets it again. */
export type CommandReceiptRow = { key: string; response: unknown; seq: number };

/** A session as loaded: its row, its players' token hashes (tokenHash → player id) and its whole log, validated. */
export type LoadedSession = {
  row: SessionRow;
  playerTokens: Map<string, string>;
  events: StoredEvent[];
  /** Recent idempotency receipts (key → first answer), so a new owner answers retries as the old one would have. */
  receipts: Map<string, unknown>;
};

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
