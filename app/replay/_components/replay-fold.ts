import { isDeterministicMath } from "@/lib/engine";
import { describeZodError, errorMessage } from "@/lib/protocol";
import { applyEvent, initialState, rankPlayers, StoredEventSchema, type IntegrityIssue, type SessionState, type StoredEvent } from "@/lib/session";
import { snapshotOf, TOUCHES_PLAYERS, TOUCHES_ROUNDS, type Snapshot } from "./state-snapshot";
import type { Frame } from "./timeline";

/** Longest slice of work between yields, so the controls and the pictures never wait long for the fold. */
const SLICE_MS = 12;
/**
 * How often, at most, the page hears of progress while the fold runs: each time it re-renders, and a re-render per
 * slice would keep the main thread busy for the whole fold.
 */
const NOTIFY_MS = 200;

/**
 * The replay's one pass over the log. The first frame is folded at once (foldFirstFrame); the rest runs in small
 * slices in the background once `start` is called, and later frames appear as the fold reaches them. It keeps a
 * snapshot of the state at the end of every frame, so going back is a lookup, never a re-fold. Each event is
 * validated before it is applied.
 *
 * It is an external store for useSyncExternalStore: `getVersion` changes whenever more has been folded.
 */
export class ReplayFold {
  /** State at the end of each frame, filled in order (read them with stateAt). */
  private readonly snapshots: Snapshot[] = [];
  /** Whether events since the last snapshot touched the players or the rounds (see snapshotOf). */
  private readonly changed = { players: false, rounds: false };
  /** Frames recently read, with their history cut to length: the same object every time, so the page's memos hold. */
  private readonly views = new Map<number, SessionState>();
  /** Overall ranks right after each round's reveal (round → player → rank), as the console's leaderboard had them. */
  readonly ranksAfter = new Map<number, Map<string, number>>();
  /** Set when the log stops folding (a corrupt or invalid event): frames before it still play. */
  error: { seq: number; message: string } | null = null;

  private state: SessionState | null = null;
  private next = 0;
  private version = 0;
  private readonly listeners = new Set<() => void>();
  private channel: MessageChannel | null = null;
  private scheduled = false;
  private started = false;
  private notifiedAt = 0;

  constructor(
    private readonly events: readonly StoredEvent[],
    private readonly frames: readonly Frame[],
  ) {}

  get done(): boolean {
    return this.error !== null || this.next >= this.events.length;
  }

  /** The whole session folded (null until the fold has finished without error). */
  get final(): SessionState | null {
    return this.done && !this.error ? this.state : null;
  }

  /**
   * Whether this fold's own checksums are the proof: the log was recorded with deterministic math, which this
   * browser computes bit for bit like the server (null until the first event is folded).
   */
  get verifiesItself(): boolean | null {
    return this.state ? isDeterministicMath(this.state.engine.config) : null;
  }

  /** Recorded checksums the recomputation did not reproduce, so far. */
  get integrity(): readonly IntegrityIssue[] {
    return this.state?.integrity ?? [];
  }

  /** How many frames (from the first) are folded and can be shown. */
  get ready(): number {
    return this.snapshots.length;
  }

  /** The session state at the end of frame `index`, or null while the fold has not reached it. */
  stateAt(index: number): SessionState | null {
    const snapshot = this.snapshots[index];
    if (!snapshot) return null;
    let state = this.views.get(index);
    if (!state) {
      state = { ...snapshot.state, history: snapshot.state.history.slice(0, snapshot.historyLength) };
      if (this.views.size >= 16) this.views.delete(this.views.keys().next().value!);
      this.views.set(index, state);
    }
    return state;
  }

  /** Share of the log folded, 0…1. */
  get progress(): number {
    return this.next / this.events.length;
  }

  /**
   * Folds, right now, as far as the first frame (usually a few hundred small events). Called before the page first
   * renders the replay, so that render already has a picture to draw and does not wait for a background slice.
   */
  foldFirstFrame(): void {
    try {
      while (this.snapshots.length === 0 && !this.done) this.applyNext();
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Lets the background fold begin. The page calls it once the first picture is on screen: until then every
   * millisecond of the main thread goes to drawing it.
   */
  start(): void {
    this.started = true;
    this.schedule();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.schedule();
    return () => {
      this.listeners.delete(listener);
    };
  };

  getVersion = (): number => this.version;

  private schedule(): void {
    if (!this.started || this.scheduled || this.done) return;
    this.scheduled = true;
    // In idle time, so the fold never delays a frame or an input; the timeout keeps it going on a busy page.
    if (typeof requestIdleCallback === "function") {
      requestIdleCallback((idle) => this.work(idle.didTimeout ? SLICE_MS : Math.min(idle.timeRemaining(), SLICE_MS)), { timeout: 100 });
      return;
    }
    // Without idle callbacks (Node, in tests): a MessageChannel task, which has no 4 ms clamp like setTimeout.
    if (!this.channel) {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => this.work(SLICE_MS);
    }
    this.channel.port2.postMessage(null);
  }

  private work(budgetMs: number): void {
    this.scheduled = false;
    // Nobody is watching (the page went away): stop; a new subscriber picks it up where it stopped.
    if (this.listeners.size === 0) return;
    const deadline = performance.now() + Math.max(1, budgetMs);
    try {
      do this.applyNext();
      while (!this.done && performance.now() < deadline);
    } catch (error) {
      this.fail(error);
    }
    const now = performance.now();
    if (this.done || now - this.notifiedAt >= NOTIFY_MS) {
      this.notifiedAt = now;
      this.version++;
      for (const listener of [...this.listeners]) listener();
    }
    if (this.done) this.channel?.port1.close();
    else this.schedule();
  }

  private fail(error: unknown): void {
    this.error = { seq: this.next + 1, message: errorMessage(error) };
  }

  private applyNext(): void {
    const parsed = StoredEventSchema.safeParse(this.events[this.next]);
    if (!parsed.success) throw new Error(`event ${this.next + 1} is not a valid session event (${describeZodError(parsed.error)})`);
    const stored = parsed.data;
    if (this.state === null) this.state = initialState(stored);
    else applyEvent(this.state, stored);
    const type = stored.event.type;
    if (stored.event.type === "round.revealed") this.ranksAfter.set(stored.event.round, rankPlayers(this.state));
    this.changed.players ||= TOUCHES_PLAYERS.has(type);
    this.changed.rounds ||= TOUCHES_ROUNDS.has(type);
    const frame = this.frames[this.snapshots.length];
    if (frame && frame.seq === stored.seq) {
      this.snapshots.push(snapshotOf(this.state, this.snapshots.at(-1)?.state ?? null, this.changed));
      this.changed.players = false;
      this.changed.rounds = false;
    }
    this.next++;
  }
}
