import {
  ackError,
  ErrorCode,
  findUnstorableText,
  STORABLE_TEXT_MESSAGE,
  type Ack,
  type CommandResponse,
  type HostCommandName,
  type HostPatch,
  type HostView,
  type RoundProgress,
  type StudentView,
} from "@/lib/protocol";
import {
  applyEvent,
  decide,
  diffHostView,
  idempotencyKey,
  needsSnapshot,
  foldEvents,
  hostView,
  openRound,
  roundProgress,
  studentViews,
  studentViewsJson,
  type GuessCommand,
  type GuessResponse,
  type HostCommand,
  type JoinCommand,
  type JoinResponse,
  type NewPlayer,
  type RoundScoring,
  type RoundScoringInput,
  type SessionCommand,
  type SessionResponse,
  type SessionState,
  type StoredEvent,
  type TimerCloseCommand,
  type TimerCloseResponse,
} from "@/lib/session";
import { ConcurrencyError, FencedError, type CommandReceiptRow, type EventLog } from "@/lib/session/event-log";
import { joinUrlFor, replayUrlFor } from "../http/public-url";
import { PreEncoded, preEncoded } from "../realtime/pre-encoded";
import type { Logger } from "../logger";

/**
 * The bit of a socket a room needs: where to send views. Phones' messages are handed over encoded (PreEncoded: one
 * text per player, or one for all phones) and reach the client as the plain payload its event map declares; a
 * Socket.IO socket becomes a sink through server/realtime/view-sink.ts.
 */
export interface ViewSink {
  readonly id: string;
  emit(event: "host:patch", patch: HostPatch): unknown;
  emit(event: "player:view", view: PreEncoded<StudentView>): unknown;
  emit(event: "round:progress", progress: PreEncoded<RoundProgress>): unknown;
  emit(event: "player:kicked", info: { message: string }): unknown;
  emit(event: "session:deleted", info: { message: string }): unknown;
}

/** A batch this node committed, as every other node mirroring the session needs it. */
export type CommittedBatch = {
  events: StoredEvent[];
  /** New players' token hashes (tokenHash → id), so a phone can resume on any node. */
  newPlayers: [tokenHash: string, playerId: string][];
  receipts: CommandReceiptRow[];
  /** Guesses and the socket each came from (its player's other devices get the new guess). */
  guessed: [playerId: string, from: string | undefined][];
  /** Answers to forwarded commands decided in this batch: they ride with it to the nodes that asked. */
  answers?: { to: ReplyTo; ack: Ack<SessionResponse> }[];
};

/** Where a forwarded command's answer goes (cluster): the asking node and its request id. Opaque to the room. */
export type ReplyTo = { node: string; rid: string };

/**
 * What a room needs from a cluster (undefined: a single node, which writes every session it serves). In a cluster a
 * room writes only while its node holds the session's lease (`epoch` set); otherwise it is a mirror: its commands
 * are routed to the owner and committed batches arrive through `applyCommitted`.
 */
export interface RoomCluster {
  /** Runs a command this node does not write: takes the lease if nobody holds it, else forwards it to the owner. */
  route(room: SessionRoom, command: SessionCommand): Promise<Ack<SessionResponse>>;
  /** This node committed a batch: publish it to the other nodes. */
  committed(room: SessionRoom, batch: CommittedBatch): void;
  /** An append was fenced: another node took the session over. */
  fenced(room: SessionRoom): void;
  /** The players with a socket on this node changed. */
  presenceChanged(room: SessionRoom): void;
  /** Whether a player has a socket on another node. */
  onlineElsewhere(sessionId: string, playerId: string): boolean;
  /** A console is attaching here: a session nobody writes is best written where its console is. Never rejects. */
  consoleAttaching(room: SessionRoom): Promise<void>;
}

/** Socket operations that must reach every node's sockets (Socket.IO's adapter; in one process, its local rooms). */
export interface SocketFanout {
  kick(sessionId: string, playerId: string, message: string): void;
  /** Tells every screen of the session, on every node, and every node to drop its copy. */
  sessionDeleted(sessionId: string, message: string): void;
}

export type RoomDeps = {
  store: EventLog;
  log: Logger;
  now: () => number;
  score: (state: SessionState, input: RoundScoringInput) => Promise<RoundScoring>;
  newSeed: () => number;
  /** Guesses one player may submit per round (server/limits.ts guessesPerRound). */
  guessesPerRound: number;
  cluster?: RoomCluster;
  fanout?: SocketFanout;
};

/** `published`: the answer rode in the batch the cluster published (only for commands with `replyTo`). */
type Pending = { command: SessionCommand; resolve: (result: Ack<SessionResponse>, published?: boolean) => void; replyTo?: ReplyTo };

/** How one attempt at a batch ended: committed, or failed with nothing durable (the state is reloaded when possible). */
type BatchOutcome = { committed: true } | { committed: false; error: unknown; reloaded: boolean } | { rerouted: true };

/** Most commands folded into one database write: a burst of guesses becomes a few inserts, not hundreds. */
const MAX_BATCH = 1000;
/**
 * The console gets patches of its view at most this often: 20 a second keeps a guess's dot on the projector within a
 * blink of its ack (a patch of a 30-player class costs about 0.1 ms to build). Building the view a patch is diffed from
 * grows with the class (about 5 ms at 4,000 players), so big classes get them less often.
 */
const hostViewIntervalMs = (players: number) => Math.max(50, players / 16);
/** A revision no console holds: a patch based on it makes every console re-attach for a fresh snapshot. */
const RESYNC_BASE = -1;
/** Joins and guesses only change counts on phones; a wave of them is announced once a second, not one by one. */
const JOIN_BROADCAST_DELAY_MS = 1000;
const MAX_CONFLICT_RETRIES = 3;
/** Idempotency receipts kept in memory per session (a lesson's retries in flight are a tiny fraction of this). */
const MAX_RECEIPTS = 20_000;
const KICKED_MESSAGE = "The instructor removed you from this session";
const shuttingDown = () => ackError(ErrorCode.UNAVAILABLE, "The server is shutting down; try again in a moment");

/** What phones must hear about a batch: "now" for anything that changes their screen, "later" for joins only. */
function publicChangeOf(events: readonly StoredEvent[]): "none" | "later" | "now" {
  let change: "none" | "later" | "now" = "none";
  for (const { event } of events) {
    // Guesses reach phones only as a lock-in count (round:progress), once a second at most; joins once a second.
    if (event.type === "player.joined") change = change === "now" ? "now" : "later";
    else if (event.type !== "guess.submitted") change = "now";
  }
  return change;
}
/**
 * Failed writes one batch may spend isolating the command(s) that cannot be stored. Bisecting finds one bad command
 * in 1,000 with about 20; the cap stops a database that refuses every write from being hammered 2,000 times.
 */
const failureBudget = (commands: number) => 8 * Math.ceil(Math.log2(commands + 1)) + 8;

/**
 * One live session in this process: its folded state, its connected sockets, and a queue that applies commands one at
 * a time. A command is acknowledged only after its events are in the database; commands that arrive while a batch is
 * being written wait and go into the next batch together.
 */
export class SessionRoom {
  private queue: Pending[] = [];
  private processing = false;
  private timer: NodeJS.Timeout | undefined;
  private timerRound = 0;
  private hostFlush: NodeJS.Timeout | undefined;
  /** When the consoles last got a patch (performance.now()): the throttle's leading edge. */
  private hostFlushedAt = -Infinity;
  private studentFlush: NodeJS.Timeout | undefined;
  private progressFlush: NodeJS.Timeout | undefined;
  private readonly hostSockets = new Set<ViewSink>();
  private readonly playerSockets = new Map<string, Set<ViewSink>>();
  private closed = false;
  /** A batch is being decided and written (see tryBatch); flushes wait in heldFlushes. */
  private tentative = false;
  private readonly heldFlushes = new Set<() => void>();
  /** Cluster: the owner epoch this node writes under; undefined while another node (or nobody) holds the lease. */
  private epoch: number | undefined;
  /** The console's view as last sent to every host socket here, and its revision: the next patch is built on it. */
  private hostSent: { view: HostView; rev: number } | undefined;
  /** Idempotency key → first answer (insertion order is age, for trimming). */
  private readonly receipts: Map<string, unknown>;

  constructor(
    readonly id: string,
    readonly joinCode: string,
    readonly hostTokenHash: string,
    private state: SessionState,
    /** tokenHash → player id */
    private readonly playerTokens: Map<string, string>,
    /** Base URL students reach this server at (join and replay links are built on it). */
    private baseUrl: string,
    private readonly deps: RoomDeps,
    /** An imported replay: every command is refused (its timer, if any, does nothing). */
    readonly readOnly = false,
    receipts: Map<string, unknown> = new Map(),
  ) {
    this.receipts = receipts;
    this.armTimer();
  }

  /** This node decides and appends for the session: always on a single node; in a cluster while it holds the lease. */
  get isWriter(): boolean {
    return !this.deps.cluster || this.epoch !== undefined;
  }

  get writerEpoch(): number | undefined {
    return this.epoch;
  }

  /**
   * The cluster granted this node the session's lease under `epoch`. The state is re-read from the log first: every
   * batch the previous owner committed is in it, and the raised epoch fences anything it might still send.
   */
  async becomeWriter(epoch: number): Promise<void> {
    const before = this.state.seq;
    const reloaded = await this.reload();
    if (!reloaded) throw new Error(`session ${this.id} vanished while being taken over`);
    this.epoch = epoch;
    this.armTimer();
    this.refreshScreensIfMoved(before);
  }

  /** The state jumped ahead by a reload (a takeover): screens here get views of the state as it is now. */
  private refreshScreensIfMoved(seqBefore: number): void {
    if (this.state.seq === seqBefore || this.closed) return;
    this.scheduleHostView();
    this.broadcastStudents();
  }

  /** The lease is gone (lost, released, or fenced): stop writing; queued commands go to the new owner. */
  stopWriting(): void {
    if (this.epoch === undefined) return;
    this.epoch = undefined;
    this.armTimer();
  }

  get seq(): number {
    return this.state.seq;
  }

  get snapshot(): Readonly<SessionState> {
    return this.state;
  }

  /** True when nobody is connected and no timer is pending, so the hub may drop it from memory. */
  get idle(): boolean {
    return this.hostSockets.size === 0 && this.playerSockets.size === 0 && !this.timer && !this.processing && this.queue.length === 0;
  }

  playerIdForToken(tokenHash: string): string | undefined {
    return this.playerTokens.get(tokenHash);
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  /** Queues a command; resolves with its typed acknowledgement once its events are stored (or with the refusal). */
  enqueue<K extends HostCommandName>(command: HostCommand<K>): Promise<Ack<CommandResponse<K>>>;
  enqueue(command: JoinCommand): Promise<Ack<JoinResponse>>;
  enqueue(command: GuessCommand): Promise<Ack<GuessResponse>>;
  enqueue(command: TimerCloseCommand): Promise<Ack<TimerCloseResponse>>;
  enqueue(command: SessionCommand): Promise<Ack<SessionResponse>> {
    if (this.readOnly)
      return Promise.resolve(command.kind === "timer-close" ? { ok: true } : ackError(ErrorCode.SESSION_READ_ONLY, "This is an imported replay; use “Continue from here” to play on"));
    if (this.closed) return Promise.resolve(shuttingDown());
    const key = idempotencyKey(command);
    if (key !== undefined && this.receipts.has(key)) return Promise.resolve(this.receipts.get(key) as Ack<SessionResponse>);
    if (!this.isWriter) return this.deps.cluster!.route(this, command);
    return this.enqueueHere(command);
  }

  /** Queues a command on this node, which must be the session's writer. */
  enqueueHere(command: SessionCommand): Promise<Ack<SessionResponse>> {
    if (this.closed) return Promise.resolve(shuttingDown());
    return new Promise((resolve) => this.queueCommand({ command, resolve }));
  }

  /**
   * A command another node forwarded. With `replyTo`, its answer rides in the batch this node publishes (the asking
   * node needs that batch anyway, so one message carries both); `published` says whether it did, else the cluster
   * sends the answer on its own (a refusal changes nothing, so no batch is published).
   */
  enqueueForwarded(command: SessionCommand, replyTo: ReplyTo | undefined): Promise<{ ack: Ack<SessionResponse>; published: boolean }> {
    if (this.closed) return Promise.resolve({ ack: shuttingDown(), published: false });
    return new Promise((resolve) => this.queueCommand({ command, replyTo, resolve: (ack, published = false) => resolve({ ack, published }) }));
  }

  private queueCommand(pending: Pending): void {
    this.queue.push(pending);
    if (!this.processing) void this.process();
  }

  /**
   * A batch another node committed. Returns false when it does not follow this copy (a message was lost or is late):
   * the caller fills the gap from the log. Events this copy already has are skipped.
   */
  applyCommitted(batch: CommittedBatch): boolean {
    if (this.isWriter || this.closed) return true;
    const fresh = batch.events.filter((e) => e.seq > this.state.seq);
    if (fresh.length === 0) return true;
    if (fresh[0].seq !== this.state.seq + 1) return false;
    for (const stored of fresh) applyEvent(this.state, stored);
    for (const [hash, id] of batch.newPlayers) this.playerTokens.set(hash, id);
    this.keepReceipts(batch.receipts);
    this.published(fresh, publicChangeOf(fresh));
    this.pushGuessesToOtherDevices(new Map(batch.guessed));
    return true;
  }

  private keepReceipts(receipts: readonly CommandReceiptRow[]): void {
    for (const r of receipts) this.receipts.set(r.key, r.response);
    for (const key of this.receipts.keys()) {
      if (this.receipts.size <= MAX_RECEIPTS) break;
      this.receipts.delete(key);
    }
  }

  // — sockets —

  /**
   * A console attaches: it gets the view the other consoles here hold (so the next patch fits all of them), brought
   * up to date by that patch at the next flush; the first console gets a fresh snapshot.
   */
  attachHost(socket: ViewSink): { view: HostView; rev: number } {
    const others = [...this.hostSockets].some((s) => s !== socket);
    if (!others || !this.hostSent) this.hostSent = { view: this.hostView(), rev: (this.hostSent?.rev ?? 0) + 1 };
    else this.scheduleHostView();
    this.hostSockets.add(socket);
    // The clock is read now: the console turns deadlines into local time with it.
    return { view: { ...this.hostSent.view, serverNow: this.deps.now() }, rev: this.hostSent.rev };
  }

  /** Before a console attaches: in a cluster, this node takes the session if nobody writes it (see RoomCluster). */
  async prepareForConsole(): Promise<void> {
    if (!this.readOnly && !this.closed) await this.deps.cluster?.consoleAttaching(this);
  }

  /** Sockets currently attached as this player (its devices). */
  deviceCount(playerId: string): number {
    return this.playerSockets.get(playerId)?.size ?? 0;
  }

  attachPlayer(socket: ViewSink, playerId: string): StudentView | undefined {
    let set = this.playerSockets.get(playerId);
    if (!set) this.playerSockets.set(playerId, (set = new Set()));
    const wasOffline = set.size === 0;
    set.add(socket);
    if (wasOffline) {
      this.scheduleHostView();
      this.deps.cluster?.presenceChanged(this);
    }
    return this.studentView(playerId);
  }

  detach(socket: ViewSink): void {
    this.hostSockets.delete(socket);
    for (const [playerId, set] of this.playerSockets) {
      if (set.delete(socket) && set.size === 0) {
        this.playerSockets.delete(playerId);
        this.scheduleHostView();
        this.deps.cluster?.presenceChanged(this);
      }
    }
  }

  /** Players with a socket on this node. */
  localPlayers(): string[] {
    return [...this.playerSockets.keys()];
  }

  /** Another node's presence changed: the host's view shows who is online. */
  presenceUpdated(): void {
    this.scheduleHostView();
  }

  hostView(): HostView {
    return hostView(this.state, {
      sessionId: this.id,
      joinCode: this.joinCode,
      joinUrl: joinUrlFor(this.baseUrl, this.joinCode),
      replayUrl: replayUrlFor(this.baseUrl, this.id),
      now: this.deps.now(),
      isConnected: (id) => this.playerSockets.has(id) || (this.deps.cluster?.onlineElsewhere(this.id, id) ?? false),
    });
  }

  /** One player's view as an object (it goes into an acknowledgement). */
  studentView(playerId: string): StudentView | undefined {
    return studentViews(this.state, this.studentViewContext())(playerId);
  }

  /** Views for a send to phones: each player's encoded once, the parts all phones share encoded once per call. */
  private studentViews(): (playerId: string) => PreEncoded<StudentView> | undefined {
    const texts = studentViewsJson(this.state, this.studentViewContext());
    return (playerId) => {
      const text = texts(playerId);
      return text === undefined ? undefined : new PreEncoded<StudentView>(text);
    };
  }

  private studentViewContext() {
    return { sessionId: this.id, joinCode: this.joinCode, now: this.deps.now(), guessesPerRound: this.deps.guessesPerRound };
  }

  /** The session was deleted: tell every connected screen, then stop. */
  async terminate(message: string, options: { notify?: boolean } = {}): Promise<void> {
    if (options.notify !== false)
      for (const socket of [...this.hostSockets, ...[...this.playerSockets.values()].flatMap((set) => [...set])])
        socket.emit("session:deleted", { message });
    this.hostSockets.clear();
    this.playerSockets.clear();
    await this.close();
  }

  /** Stops timers and refuses new commands; resolves when the queue is empty. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.hostFlush);
    clearTimeout(this.studentFlush);
    clearTimeout(this.progressFlush);
    this.timer = undefined;
    while (this.processing) await new Promise((r) => setTimeout(r, 10));
  }

  // — the command loop —

  private async process(): Promise<void> {
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        // The lease went elsewhere meanwhile: these commands were never decided here, so the new owner takes them.
        if (!this.isWriter) this.reroute(batch);
        else await this.runBatch(batch);
      }
    } finally {
      this.processing = false;
    }
  }

  /**
   * Runs a batch; if its write fails for a reason other than a conflict, retries it in halves, so only the command(s)
   * whose events cannot be stored fail and every other command in the batch still commits (in order) and is acked.
   */
  private async runBatch(batch: Pending[], budget = { failures: failureBudget(batch.length) }): Promise<void> {
    const outcome = await this.tryBatch(batch);
    if ("rerouted" in outcome || outcome.committed) return;
    budget.failures--;
    if (batch.length > 1 && outcome.reloaded && budget.failures > 0) {
      this.deps.log.warn("session batch failed; retrying in halves to isolate the failing command", {
        session: this.id,
        commands: batch.length,
        error: outcome.error,
      });
      const half = Math.ceil(batch.length / 2);
      await this.runBatch(batch.slice(0, half), budget);
      await this.runBatch(batch.slice(half), budget);
      return;
    }
    this.deps.log.error("session batch failed", {
      session: this.id,
      commands: batch.length,
      kinds: [...new Set(batch.map((p) => p.command.kind))],
      error: outcome.error,
    });
    for (const pending of batch) pending.resolve(ackError(ErrorCode.UNAVAILABLE, "Could not save that; please try again"));
  }

  /**
   * While a batch is decided and written, the state holds events that are not committed yet: view flushes that fall
   * due then wait until the write has settled, so no screen ever shows what the log may still refuse.
   */
  private async tryBatch(batch: Pending[]): Promise<BatchOutcome> {
    this.tentative = true;
    try {
      return await this.decideAndAppend(batch);
    } finally {
      this.tentative = false;
      const held = [...this.heldFlushes];
      this.heldFlushes.clear();
      for (const flush of held) flush();
    }
  }

  private whenSettled(flush: () => void): void {
    if (this.tentative) this.heldFlushes.add(flush);
    else flush();
  }

  /** Decides and appends a batch in one write, retrying on conflicts with another writer. Acks only after commit. */
  private async decideAndAppend(batch: Pending[]): Promise<BatchOutcome> {
    for (let attempt = 0; ; attempt++) {
      const seqBefore = this.state.seq;
      const results: Ack<SessionResponse>[] = [];
      const stored: StoredEvent[] = [];
      const newPlayers: NewPlayer[] = [];
      const pendingTokens = new Map<string, string>();
      const guessed = new Map<string, string | undefined>();
      const receipts: CommandReceiptRow[] = [];
      const answered = new Map<string, Ack<SessionResponse>>();
      try {
        for (const pending of batch) {
          const key = idempotencyKey(pending.command);
          const earlier = key === undefined ? undefined : ((this.receipts.get(key) as Ack<SessionResponse> | undefined) ?? answered.get(key));
          if (earlier) {
            results.push(earlier);
            continue;
          }
          const now = this.deps.now();
          const decision = await decide(this.state, pending.command, {
            now,
            score: this.deps.score,
            newSeed: this.deps.newSeed,
            guessesPerRound: this.deps.guessesPerRound,
            playerIdForToken: (hash) => this.playerTokens.get(hash) ?? pendingTokens.get(hash),
          });
          if ("ok" in decision) {
            results.push(decision);
            continue;
          }
          // Defence in depth behind the edge checks: text PostgreSQL would refuse never joins a write with others.
          if (findUnstorableText(decision.events) || (decision.newPlayer && findUnstorableText(decision.newPlayer))) {
            results.push(ackError(ErrorCode.INVALID_PAYLOAD, STORABLE_TEXT_MESSAGE));
            continue;
          }
          for (const event of decision.events) {
            const next: StoredEvent = { seq: this.state.seq + 1, at: now, event };
            applyEvent(this.state, next);
            stored.push(next);
          }
          if (decision.newPlayer) {
            newPlayers.push(decision.newPlayer);
            pendingTokens.set(decision.newPlayer.tokenHash, decision.newPlayer.id);
          }
          if (pending.command.kind === "guess" && decision.events.length > 0) guessed.set(pending.command.playerId, pending.command.from);
          const ack: Ack<SessionResponse> = { ok: true, ...decision.response };
          // Only what changed the log is kept: a refusal retried is simply decided again.
          if (key !== undefined && decision.events.length > 0) {
            receipts.push({ key, response: ack, seq: this.state.seq });
            answered.set(key, ack);
          }
          results.push(ack);
        }
        const round = openRound(this.state);
        await this.deps.store.append(this.id, seqBefore, stored, {
          newPlayers,
          status: this.state.status,
          roundDeadline: round?.deadline ?? null,
          epoch: this.deps.cluster ? this.epoch : undefined,
          receipts,
        });
      } catch (error) {
        if (error instanceof FencedError) {
          // Another node owns the session now; nothing of this batch is durable. Its commands go to the new owner.
          this.deps.log.warn("session taken over by another node; handing this batch on", { session: this.id, commands: batch.length });
          this.stopWriting();
          this.deps.cluster?.fenced(this);
          await this.reload().catch(() => false);
          // The tentative state was thrown away: screens here must not keep what was never committed.
          this.refreshScreensIfMoved(-1);
          this.reroute(batch);
          return { rerouted: true };
        }
        // Nothing of this batch is durable: throw the tentative state away and rebuild from the log.
        const reloaded = await this.reload().catch((reloadError: unknown) => {
          this.deps.log.error("session reload failed", { session: this.id, error: reloadError });
          return false;
        });
        if (error instanceof ConcurrencyError && reloaded && attempt < MAX_CONFLICT_RETRIES) {
          this.deps.log.info("session moved on elsewhere; retrying batch", { session: this.id, attempt });
          continue;
        }
        return { committed: false, error, reloaded };
      }
      for (const player of newPlayers) this.playerTokens.set(player.tokenHash, player.id);
      this.keepReceipts(receipts);
      const publishing = stored.length > 0 && this.deps.cluster !== undefined;
      const answers: NonNullable<CommittedBatch["answers"]> = [];
      batch.forEach((pending, i) => {
        const rides = publishing && pending.replyTo !== undefined;
        if (rides) answers.push({ to: pending.replyTo!, ack: results[i] });
        pending.resolve(results[i], rides);
      });
      if (stored.length > 0) {
        this.deps.cluster?.committed(this, {
          events: stored,
          newPlayers: newPlayers.map((p) => [p.tokenHash, p.id]),
          receipts,
          guessed: [...guessed],
          ...(answers.length > 0 ? { answers } : {}),
        });
        this.published(stored, publicChangeOf(stored));
      }
      this.pushGuessesToOtherDevices(guessed);
      return { committed: true };
    }
  }

  private reroute(batch: Pending[]): void {
    for (const pending of batch) void this.enqueue(pending.command as never).then(pending.resolve);
  }

  /** A guess made on one device shows on that player's other devices (the sender has its ack). */
  private pushGuessesToOtherDevices(guessed: Map<string, string | undefined>): void {
    if (guessed.size === 0 || this.closed) return;
    let viewFor: ((playerId: string) => PreEncoded<StudentView> | undefined) | undefined;
    for (const [playerId, from] of guessed) {
      const sockets = this.playerSockets.get(playerId);
      if (!sockets || [...sockets].every((socket) => socket.id === from)) continue;
      viewFor ??= this.studentViews();
      const view = viewFor(playerId);
      if (!view) continue;
      for (const socket of sockets) if (socket.id !== from) socket.emit("player:view", view);
    }
  }

  private async reload(): Promise<boolean> {
    const loaded = await this.deps.store.load(this.id);
    if (!loaded) return false;
    this.state = foldEvents(loaded.events);
    for (const [hash, id] of loaded.playerTokens) this.playerTokens.set(hash, id);
    for (const [key, response] of loaded.receipts) this.receipts.set(key, response);
    this.armTimer();
    return true;
  }

  private published(events: StoredEvent[], publicChange: "none" | "later" | "now"): void {
    this.armTimer();
    let kicked = false;
    for (const { event } of events) {
      if (event.type === "player.kicked") {
        this.kickSockets(event.playerId);
        kicked = true;
      }
    }
    if (kicked) this.deps.cluster?.presenceChanged(this);
    this.scheduleHostView();
    if (publicChange === "now") {
      clearTimeout(this.studentFlush);
      this.studentFlush = undefined;
      this.broadcastStudents();
    } else if (publicChange === "later" && !this.studentFlush && !this.closed) {
      this.studentFlush = setTimeout(() => {
        this.studentFlush = undefined;
        this.whenSettled(this.flushStudents);
      }, JOIN_BROADCAST_DELAY_MS);
    }
    if (publicChange !== "now" && events.some(({ event }) => event.type === "guess.submitted")) this.scheduleProgress();
  }

  /** "N of M locked in" on every phone, at most once a second during a burst of guesses: one tiny, shared message. */
  private scheduleProgress(): void {
    if (this.progressFlush || this.closed) return;
    this.progressFlush = setTimeout(() => {
      this.progressFlush = undefined;
      this.whenSettled(this.flushProgress);
    }, JOIN_BROADCAST_DELAY_MS);
  }

  private readonly flushProgress = () => {
    if (this.playerSockets.size === 0) return;
    const progress = roundProgress(this.state);
    if (!progress) return;
    // The same message for every phone: encoded once, not once per socket.
    const encoded = preEncoded(progress);
    for (const sockets of this.playerSockets.values()) for (const socket of sockets) socket.emit("round:progress", encoded);
  };

  private readonly flushStudents = () => this.broadcastStudents();

  /**
   * The writer tells the kicked player's sockets on every node (through the adapter); every node, writer or mirror,
   * stops sending that player views.
   */
  private kickSockets(playerId: string): void {
    const sockets = this.playerSockets.get(playerId);
    this.playerSockets.delete(playerId);
    if (this.deps.fanout) {
      if (this.isWriter) this.deps.fanout.kick(this.id, playerId, KICKED_MESSAGE);
      return;
    }
    for (const socket of sockets ?? []) socket.emit("player:kicked", { message: KICKED_MESSAGE });
  }

  private broadcastStudents(): void {
    // A node with no phones of this session (in a cluster, often the host's) builds no views for nobody.
    if (this.playerSockets.size === 0) return;
    const viewFor = this.studentViews();
    for (const [playerId, sockets] of this.playerSockets) {
      const view = viewFor(playerId);
      if (!view) continue;
      for (const socket of sockets) socket.emit("player:view", view);
    }
  }

  /**
   * Consoles get patches of their view; during a burst of guesses one every 50 ms at most (longer for big classes).
   * The throttle is leading-edge: a change after a quiet spell goes out on the next turn of the event loop, so a single
   * guess reaches the projector without waiting out the interval; only changes inside a burst wait for the next slot.
   */
  private scheduleHostView(): void {
    if (this.hostFlush || this.hostSockets.size === 0 || this.closed) return;
    const interval = hostViewIntervalMs(this.state.players.size);
    const wait = Math.max(0, this.hostFlushedAt + interval - performance.now());
    this.hostFlush = setTimeout(() => {
      this.hostFlush = undefined;
      this.whenSettled(this.flushHostView);
    }, wait);
  }

  private readonly flushHostView = () => {
    if (this.hostSockets.size === 0 || this.closed || !this.hostSent) return;
    const sent = this.hostSent;
    const next = this.hostView();
    let patch: HostPatch | null;
    if (needsSnapshot(sent.view, next)) {
      // Not expressible as a patch (never from a log; defensive): every console re-attaches for the new snapshot.
      patch = { base: RESYNC_BASE, rev: sent.rev + 1, seq: next.seq, serverNow: next.serverNow };
    } else {
      patch = diffHostView(sent.view, next, sent.rev, sent.rev + 1);
      if (!patch) return;
    }
    this.hostSent = { view: next, rev: patch.rev };
    this.hostFlushedAt = performance.now();
    for (const socket of this.hostSockets) socket.emit("host:patch", patch);
  };

  /** Keeps exactly one timer for the open round's deadline; the deadline itself lives in the log. */
  private armTimer(): void {
    const round = openRound(this.state);
    const deadline = round && this.state.status !== "paused" ? round.deadline : null;
    // Only the writer runs the round's timer, so a round closes exactly once in a cluster.
    if (deadline === null || this.closed || !this.isWriter) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer && this.timerRound === round!.number) return;
    clearTimeout(this.timer);
    this.timerRound = round!.number;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue({ kind: "timer-close", round: round!.number }).then((result) => {
        if (!result.ok) this.deps.log.warn("timer could not close round", { session: this.id, round: round!.number, code: result.code });
      });
    }, Math.max(0, deadline - this.deps.now()));
  }
}
