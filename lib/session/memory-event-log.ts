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
} from "./event-log";
import { SessionEventSchema, type StoredEvent } from "./events";

/** One append as the log was asked for it. */
export type AppendAttempt = { sessionId: string; expectedSeq: number; events: readonly StoredEvent[]; extras: AppendExtras };

/**
 * Runs before an append is checked or written. Throwing fails that append with nothing written (a refused write);
 * appending from inside plays a concurrent writer that got in first.
 */
export type AppendHook = (attempt: AppendAttempt) => void | Promise<void>;

/** Events are kept as JSON text, as the database keeps JSONB: a caller's objects are never shared with the log. */
type KeptEvent = { seq: number; at: number; payload: string };

type KeptSession = {
  row: SessionRow;
  lastSeq: number;
  roundDeadline: number | null;
  events: KeptEvent[];
  players: NewPlayerRow[];
  ownerEpoch: number;
  receipts: Map<string, unknown>;
};

/**
 * The session log in memory, with the Prisma store's semantics (optimistic appends, schema checks, player tokens,
 * the same load shape), so rooms and rules run in tests without a database. Not exported from lib/session's index
 * and never constructed by the server: nothing here survives the process. Hooks inject failures and rival writers.
 */
export class MemoryEventLog implements SessionLog {
  private readonly sessions = new Map<string, KeptSession>();
  private readonly joinCodes = new Map<string, string>();
  /** Player ids and token hashes are unique across sessions, like their database columns. */
  private readonly playerIds = new Set<string>();
  private readonly tokenHashes = new Set<string>();
  private readonly onceHooks: AppendHook[] = [];
  private readonly hooks = new Set<AppendHook>();
  /** Every batch that was written, in order (empty batches write nothing and are not listed). */
  readonly committed: AppendAttempt[] = [];

  /** Runs `hook` before every (non-empty) append until the returned function is called. */
  interceptAppends(hook: AppendHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Runs `hook` before the next append only (it is removed before it runs, so it may append itself). */
  beforeNextAppend(hook: AppendHook): void {
    this.onceHooks.push(hook);
  }

  /** The next append throws `error` and writes nothing. */
  failNextAppend(error: Error = new Error("memory event log: injected write failure")): void {
    this.beforeNextAppend(() => {
      throw error;
    });
  }

  async createSession(row: NewSessionRow, created: StoredEvent): Promise<void> {
    await Promise.resolve();
    assertStorable(row.id, [created]);
    if (this.sessions.has(row.id) || this.joinCodes.has(row.joinCode)) throw new JoinCodeTakenError(`join code or id in use: ${row.joinCode}`);
    this.sessions.set(row.id, {
      row: { ...row, createdAt: new Date(created.at), status: "lobby", readOnly: false },
      lastSeq: created.seq,
      roundDeadline: null,
      events: [keep(created)],
      players: [],
      ownerEpoch: 0,
      receipts: new Map(),
    });
    this.joinCodes.set(row.joinCode, row.id);
  }

  async append(sessionId: string, expectedSeq: number, events: readonly StoredEvent[], extras: AppendExtras): Promise<void> {
    // The database is not asked about an empty batch, so neither are the hooks that play it.
    if (events.length === 0) return;
    const attempt: AppendAttempt = { sessionId, expectedSeq, events, extras };
    const once = this.onceHooks.shift();
    if (once) await once(attempt);
    for (const hook of [...this.hooks]) await hook(attempt);
    await Promise.resolve();
    assertStorable(sessionId, events);
    const session = this.sessions.get(sessionId);
    if (session && extras.epoch !== undefined && extras.epoch !== session.ownerEpoch) throw new FencedError(sessionId, extras.epoch);
    if (!session || session.lastSeq !== expectedSeq) throw new ConcurrencyError(sessionId, expectedSeq);
    // What the database's unique keys refuse (a seq twice, a player or token twice), it reports as a conflict too.
    const seqs = new Set(session.events.map((e) => e.seq));
    for (const e of events) if (seqs.has(e.seq) || !seqs.add(e.seq)) throw new ConcurrencyError(sessionId, expectedSeq);
    const newPlayers = extras.newPlayers ?? [];
    const keys = new Set(session.players.map((p) => p.nicknameKey));
    const ids = new Set<string>();
    const hashes = new Set<string>();
    for (const p of newPlayers) {
      const taken = this.playerIds.has(p.id) || ids.has(p.id) || this.tokenHashes.has(p.tokenHash) || hashes.has(p.tokenHash);
      if (taken || keys.has(p.nicknameKey)) throw new ConcurrencyError(sessionId, expectedSeq);
      keys.add(p.nicknameKey);
      ids.add(p.id);
      hashes.add(p.tokenHash);
    }
    // All checks passed: the batch lands whole, as in one transaction.
    session.lastSeq = events.at(-1)!.seq;
    session.row = { ...session.row, status: extras.status };
    session.roundDeadline = extras.roundDeadline;
    session.events.push(...events.map(keep));
    for (const r of extras.receipts ?? []) session.receipts.set(r.key, JSON.parse(JSON.stringify(r.response)));
    for (const p of newPlayers) {
      session.players.push({ ...p });
      this.playerIds.add(p.id);
      this.tokenHashes.add(p.tokenHash);
    }
    this.committed.push({ ...attempt, events: [...events], extras: { ...extras, newPlayers: [...newPlayers] } });
  }

  async load(sessionId: string): Promise<LoadedSession | null> {
    await Promise.resolve();
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    const events = [...session.events]
      .sort((a, b) => a.seq - b.seq)
      .map((kept): StoredEvent => {
        const parsed = SessionEventSchema.safeParse(JSON.parse(kept.payload));
        if (!parsed.success) throw new CorruptEventError(`session ${sessionId} event ${kept.seq} is invalid: ${parsed.error.message}`);
        return { seq: kept.seq, at: kept.at, event: parsed.data };
      });
    return {
      row: { ...session.row, createdAt: new Date(session.row.createdAt.getTime()) },
      playerTokens: new Map(session.players.map((p) => [p.tokenHash, p.id])),
      events,
      receipts: new Map(session.receipts),
    };
  }

  /** Plays a takeover by another writer: appends carrying an older epoch now fail with FencedError. */
  takeOver(sessionId: string): number {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    return ++session.ownerEpoch;
  }

  async findSessionIdByJoinCode(joinCode: string): Promise<string | null> {
    await Promise.resolve();
    return this.joinCodes.get(joinCode) ?? null;
  }

  async sessionsWithDeadlines(): Promise<string[]> {
    await Promise.resolve();
    return [...this.sessions].filter(([, s]) => s.roundDeadline !== null).map(([id]) => id);
  }
}

/** Times are kept to the millisecond, as the database's TIMESTAMP(3) columns keep them. */
function keep(e: StoredEvent): KeptEvent {
  return { seq: e.seq, at: new Date(e.at).getTime(), payload: JSON.stringify(e.event) };
}
