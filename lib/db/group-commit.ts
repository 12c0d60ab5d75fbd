import type { StoredEvent } from "@/lib/session/events";
import type { AppendExtras, LoadedSession, NewSessionRow, SessionLog } from "@/lib/session/event-log";
import { prepareAppend, type AppendOutcome, type PreparedAppend } from "./event-store";

/** What the group committer writes through: the plain log, plus one statement for many sessions' batches. */
export interface GroupAppendStore extends SessionLog {
  appendMany(batches: readonly PreparedAppend[]): Promise<AppendOutcome[]>;
}

export type GroupCommitOptions = {
  /**
   * Groups written at once (default 1). The embedded database runs one statement at a time on one connection; on
   * PostgreSQL a second group can be on the wire while the first one's commit is flushed, which pays only when the
   * database has cores to spare (on 2 shared cores, 2 measured worse than 1: smaller groups, more commits).
   */
  maxInFlight?: number;
  /** Rows (events + players + receipts) per group: a bigger group waits for the next statement. */
  maxRows?: number;
  /** JSON bytes per group, so one statement never holds the (single, embedded) connection for long. */
  maxBytes?: number;
};

/**
 * Statement time grows with rows after a fixed cost (measured on 2 busy cores, one guess + its receipt per batch:
 * embedded ~3-9 ms for 1 batch, ~40-60 ms for 1,000 rows; PostgreSQL ~3-5 ms and ~35-40 ms). 1,000 rows bounds how
 * long one statement holds the embedded connection from other sessions' reads; at 50 sessions × 20 guesses/s groups
 * stay near 100 rows, far under it. 256 KB bounds a group of big events (a closed round's scores).
 */
export const GROUP_DEFAULTS = { maxInFlight: 1, maxRows: 1_000, maxBytes: 256 * 1024 } as const;

type Queued = { batch: PreparedAppend; resolve: () => void; reject: (error: unknown) => void };

/** append() was called after close(): refused, so nothing is acknowledged that the closing database would not keep. */
export class GroupCommitClosedError extends Error {
  constructor() {
    super("the event log is closing: no more appends");
  }
}

/**
 * Group commit across sessions: appends of every session are queued, and whatever is queued when the writer is free
 * goes to the database as ONE statement (EventStore.appendMany), each batch with its own seq and epoch check, so one
 * session's conflict never fails another's. While a group is being written the next one gathers; when the writer is
 * idle a batch goes at the next turn of the event loop (setImmediate: no timer, just what arrived meanwhile).
 *
 * Kept: per-session order (a session has at most one batch in a group and in flight, and its batches leave in the
 * order they came), and acknowledgement only after commit (a promise resolves when its statement has returned).
 * Every other method is the store's.
 */
export class GroupCommitLog implements SessionLog {
  private readonly queue: Queued[] = [];
  /** Sessions with a batch in a statement now: their next batch waits for it (order, and one row per statement). */
  private readonly writing = new Set<string>();
  private inFlight = 0;
  private scheduled = false;
  private closed = false;
  private idle: (() => void)[] = [];
  private readonly options: Required<GroupCommitOptions>;

  constructor(
    private readonly store: GroupAppendStore,
    options: GroupCommitOptions = {},
  ) {
    this.options = { ...GROUP_DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxInFlight) || this.options.maxInFlight < 1)
      throw new RangeError(`GroupCommitLog: maxInFlight must be a positive integer, got ${this.options.maxInFlight}`);
  }

  append(sessionId: string, expectedSeq: number, events: readonly StoredEvent[], extras: AppendExtras): Promise<void> {
    let batch: PreparedAppend | null;
    try {
      // Checked and serialised here, so a bad batch fails alone and never joins a group.
      batch = prepareAppend({ sessionId, expectedSeq, events, extras });
    } catch (error) {
      return Promise.reject(error);
    }
    if (batch === null) return Promise.resolve();
    if (this.closed) return Promise.reject(new GroupCommitClosedError());
    const prepared = batch;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch: prepared, resolve, reject });
      this.schedule();
    });
  }

  /** Batches queued or being written (for tests and logs). */
  get pending(): number {
    return this.queue.length + this.writing.size;
  }

  /** Refuses new appends and resolves once every queued batch has been written (call before the database closes). */
  close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  load(sessionId: string): Promise<LoadedSession | null> {
    return this.store.load(sessionId);
  }

  createSession(row: NewSessionRow, created: StoredEvent): Promise<void> {
    return this.store.createSession(row, created);
  }

  findSessionIdByJoinCode(joinCode: string): Promise<string | null> {
    return this.store.findSessionIdByJoinCode(joinCode);
  }

  sessionsWithDeadlines(): Promise<string[]> {
    return this.store.sessionsWithDeadlines();
  }

  /** The next group leaves at the next turn of the loop, after the callbacks (and the appends they make) now due. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.launch();
    });
  }

  private launch(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const group = this.takeGroup();
      if (group.length === 0) break;
      this.inFlight++;
      void this.write(group);
    }
    this.notifyIfIdle();
  }

  /** The oldest batches that fit, one per session, skipping sessions being written (their turn comes next). */
  private takeGroup(): Queued[] {
    const group: Queued[] = [];
    const held = new Set<string>();
    let rows = 0;
    let bytes = 0;
    let kept = 0;
    let full = false;
    for (const queued of this.queue) {
      const { sessionId } = queued.batch;
      const fits = group.length === 0 || (rows + queued.batch.rows <= this.options.maxRows && bytes + queued.batch.bytes <= this.options.maxBytes);
      if (full || !fits || this.writing.has(sessionId) || held.has(sessionId)) {
        // A session's later batches stay behind its first one that waits.
        held.add(sessionId);
        this.queue[kept++] = queued;
        if (!fits) full = true;
        continue;
      }
      held.add(sessionId);
      this.writing.add(sessionId);
      group.push(queued);
      rows += queued.batch.rows;
      bytes += queued.batch.bytes;
    }
    this.queue.length = kept;
    return group;
  }

  private async write(group: Queued[]): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.store.appendMany(group.map((q) => q.batch));
    } catch (error) {
      // appendMany reports per batch; should it throw anyway, nothing is known to be written: every batch fails.
      outcomes = group.map(() => ({ ok: false, error }));
    }
    for (const [i, queued] of group.entries()) {
      this.writing.delete(queued.batch.sessionId);
      const outcome = outcomes[i] ?? { ok: false, error: new Error("appendMany returned no outcome for this batch") };
      if (outcome.ok) queued.resolve();
      else queued.reject(outcome.error);
    }
    this.inFlight--;
    this.schedule();
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.queue.length > 0 || this.inFlight > 0 || this.idle.length === 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
