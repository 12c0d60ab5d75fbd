"use client";
// Types only from lib/protocol: its values would bring zod and the engine onto every phone.
import type { AckError, GuessKind, RoundProgress, SessionSummary, StudentView } from "@/lib/protocol";
import { forgetPlayer, playerForCode, savePlayer, type PlayerCredentials } from "@/app/_lib/stored-credentials";
import type { ConnectionStatus } from "@/app/_components/ui/connection-badge";
import { formatGuess } from "@/app/_components/pictures/format-number";
import { send, type AppSocket } from "@/app/_lib/realtime";
import { ConnectionKeeper } from "@/app/_lib/keep-connected";
import { newCommandId, newJoinKey } from "@/app/_lib/join-key";

export type Screen =
  /** First contact: resuming this phone's player or looking the code up. */
  | { kind: "starting" }
  | { kind: "not-found" }
  /** The session is over and this phone never played in it. */
  | { kind: "ended" }
  | { kind: "nickname"; session: SessionSummary }
  | { kind: "playing"; view: StudentView }
  | { kind: "kicked"; message: string }
  /** Only a reload helps (the server speaks another protocol version). */
  | { kind: "broken"; message: string };

/**
 * A guess this phone wants counted. "queued" waits for a live, resumed connection; "sending" awaits the ack;
 * "sent" was acknowledged; "failed" will not be retried (message says why).
 */
export type GuessAttempt = {
  round: number;
  /** What this round asks for: the value below is α, or β in a β round. */
  kind: GuessKind;
  alpha: number;
  status: "queued" | "sending" | "sent" | "failed";
  message: string | null;
  /** One per tap, kept through retries: the server counts this guess once however often it is sent. */
  commandId: string;
};

export type PlayerState = {
  screen: Screen;
  connection: ConnectionStatus;
  /** Server clock minus local clock at the last view; local time + offset ≈ server time (deadlines are server time). */
  clockOffset: number;
  guess: GuessAttempt | null;
  join: { busy: boolean; error: string | null };
  /** The last α this phone chose, so the next round's slider starts there. */
  lastAlpha: number | null;
};

const RETRY_MS = 2000;
/** A phone waking up may hold a dead link that still looks connected; a short probe finds out quickly. */
const WAKE_PROBE_MS = 4000;

const joinMessages: Partial<Record<AckError["code"], string>> = {
  SESSION_LOCKED: "The instructor has closed this session to new players. Ask them to unlock it.",
  SESSION_FULL: "This session is full: no more players can join.",
  RATE_LIMITED: "Too many tries in a row. Wait a few seconds and try again.",
  UNAVAILABLE: "Could not reach the server. Check your connection and try again.",
  ALREADY_JOINED: "This page already joined the session. Reload it to join again.",
  TOO_MANY_DEVICES: "You are already playing on too many devices. Close this session on one of them first.",
  GUESS_LIMIT: "You have changed your guess too often this round; your last guess counts.",
};

/**
 * Everything the student page knows, kept outside React: one Socket.IO connection, this phone's credentials, the
 * latest StudentView and the guess being sent. React reads it through useSyncExternalStore.
 *
 * The connection is kept by ConnectionKeeper (shared with the console). On every "connect" (first, after a drop, after
 * a server restart) it sends player:resume, so the server always knows this socket as our player and the page always
 * shows the current state. A guess made while the link is down waits and
 * is sent after the next successful resume, or the student is told why it could not be.
 */
export class PlayerSession {
  private state: PlayerState = {
    screen: { kind: "starting" },
    connection: "connecting",
    clockOffset: 0,
    guess: null,
    join: { busy: false, error: null },
    lastAlpha: null,
  };
  private readonly listeners = new Set<() => void>();
  private keeper: ConnectionKeeper | null = null;
  private socket: AppSocket | null = null;
  private credentials: PlayerCredentials | null = null;
  /** Kept until a join is acknowledged, so a retry after a lost acknowledgement gets the same player back. */
  private joinKey: string | null = null;
  /** The server has bound the current socket to our player (resume or join acknowledged). */
  private attached = false;
  /** Bumped on every (re)connection: answers that belong to an older connection are ignored. */
  private epoch = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(readonly code: string) {}

  // — the store React reads —

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PlayerState => this.state;

  private update(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setConnection(connection: ConnectionStatus): void {
    if (this.state.connection !== connection) this.update({ connection });
  }

  private get view(): StudentView | null {
    return this.state.screen.kind === "playing" ? this.state.screen.view : null;
  }

  // — lifecycle —

  /** Opens the connection. Safe to call again after stop() (React's strict mode mounts twice in development). */
  start(): void {
    if (this.keeper) return;
    this.credentials = playerForCode(this.code);
    const keeper = new ConnectionKeeper({
      affinity: this.code,
      onConnect: () => this.onConnect(),
      onDisconnect: () => (this.attached = false),
      onStatus: (status) => this.setConnection(status),
      onWakeConnected: () => this.wake(),
      onRefused: (code) => {
        if (code !== "PROTOCOL_MISMATCH") return "retry";
        this.update({ screen: { kind: "broken", message: "This page is out of date. Reload it to carry on playing." } });
        this.stop();
        return "stop";
      },
    });
    this.keeper = keeper;
    this.socket = keeper.socket;
    keeper.socket.on("player:view", (view) => this.acceptView(view));
    keeper.socket.on("round:progress", (progress) => this.acceptProgress(progress));
    keeper.socket.on("player:kicked", (info) => this.kicked(info.message));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const keeper = this.keeper;
    this.keeper = null;
    this.socket = null;
    this.attached = false;
    this.epoch++;
    keeper?.stop();
  }

  private later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    this.timers.add(timer);
  }

  // — connection events —

  private onConnect(): void {
    const epoch = ++this.epoch;
    this.attached = false;
    if (this.credentials) void this.resume(epoch);
    else void this.lookup(epoch);
  }

  /**
   * The page became visible again or the network came back while the socket still looks connected: a phone that
   * slept may hold a dead link, so a resume both probes it and fetches the latest snapshot. No answer in a few
   * seconds → a fresh connection. (A socket that is not connected is the keeper's to bring back.)
   */
  private wake(): void {
    const kind = this.state.screen.kind;
    if (kind === "kicked" || kind === "broken") return;
    if (this.credentials) void this.resume(this.epoch, WAKE_PROBE_MS);
  }

  /** Drops the current link and connects again at once, instead of waiting for the back-off timer. */
  private reconnectNow(): void {
    this.attached = false;
    this.keeper?.reconnectNow();
  }

  // — commands —

  private async resume(epoch: number, timeoutMs?: number): Promise<void> {
    const socket = this.socket;
    const credentials = this.credentials;
    if (!socket || !credentials) return;
    const ack = await send(
      socket,
      "player:resume",
      { sessionId: credentials.sessionId, playerToken: credentials.playerToken },
      timeoutMs,
    );
    if (epoch !== this.epoch || socket !== this.socket) return; // a newer connection took over
    if (ack.ok) {
      this.attached = true;
      this.keeper?.attached();
      this.acceptView(ack.view);
      return;
    }
    switch (ack.code) {
      case "INVALID_TOKEN":
      case "SESSION_NOT_FOUND":
      case "INVALID_PAYLOAD":
        // This phone's player is not (or no longer) part of that session: start over with a nickname.
        forgetPlayer(credentials);
        this.credentials = null;
        void this.lookup(epoch);
        return;
      case "PLAYER_KICKED":
        this.kicked(ack.message);
        return;
      case "UNAVAILABLE":
        // No answer at all: the link is dead even if the socket has not noticed yet.
        if (socket.connected) this.reconnectNow();
        return;
      default:
        this.later(RETRY_MS, () => {
          if (epoch === this.epoch) void this.resume(epoch);
        });
    }
  }

  private async lookup(epoch: number): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const ack = await send(socket, "session:lookup", { code: this.code });
    if (epoch !== this.epoch || socket !== this.socket) return;
    if (ack.ok) {
      this.keeper?.attached();
      this.update({ screen: ack.session.status === "ended" ? { kind: "ended" } : { kind: "nickname", session: ack.session } });
    } else if (ack.code === "SESSION_NOT_FOUND" || ack.code === "INVALID_PAYLOAD") {
      this.keeper?.attached();
      this.update({ screen: { kind: "not-found" } });
    } else if (ack.code === "UNAVAILABLE" && socket.connected) {
      this.reconnectNow();
    } else {
      this.later(RETRY_MS, () => {
        if (epoch === this.epoch) void this.lookup(epoch);
      });
    }
  }

  /** Joins with a nickname (already checked by the form; the server has the last word). */
  async join(nickname: string): Promise<void> {
    const socket = this.socket;
    if (!socket || this.state.join.busy) return;
    if (!socket.connected) {
      this.update({ join: { busy: false, error: joinMessages.UNAVAILABLE! } });
      return;
    }
    this.update({ join: { busy: true, error: null } });
    this.joinKey ??= newJoinKey();
    const ack = await send(socket, "player:join", { code: this.code, nickname, joinKey: this.joinKey });
    if (socket !== this.socket) return;
    if (ack.ok) {
      this.joinKey = null;
      this.credentials = {
        sessionId: ack.sessionId,
        playerId: ack.playerId,
        playerToken: ack.playerToken,
        joinCode: this.code,
        nickname: ack.view.me.nickname,
      };
      savePlayer(this.credentials);
      this.attached = true;
      this.update({ join: { busy: false, error: null } });
      this.acceptView(ack.view);
      return;
    }
    if (ack.code === "SESSION_NOT_FOUND") return this.update({ join: { busy: false, error: null }, screen: { kind: "not-found" } });
    if (ack.code === "SESSION_ENDED") return this.update({ join: { busy: false, error: null }, screen: { kind: "ended" } });
    const error =
      ack.code === "NICKNAME_TAKEN"
        ? `“${nickname.trim()}” is already taken in this session. Add a letter or pick another name.`
        : ack.code === "INVALID_PAYLOAD"
          ? `That nickname cannot be used: ${ack.message.replace(/^nickname: /, "")}.`
          : (joinMessages[ack.code] ?? ack.message);
    this.update({ join: { busy: false, error } });
  }

  /** Locks in α (β in a β round) for the open round; sent now if the link is up, otherwise as soon as it is back. */
  submitGuess(alpha: number): void {
    const round = this.view?.round;
    if (!round || round.status !== "open") return;
    const kind = round.guess;
    // Only an α is remembered for the next α round's slider: a β is on another scale.
    const lastAlpha = kind === "alpha" ? alpha : this.state.lastAlpha;
    this.update({ guess: { round: round.number, kind, alpha, status: "queued", message: null, commandId: newCommandId() }, lastAlpha });
    void this.flushGuess();
  }

  private async flushGuess(): Promise<void> {
    const guess = this.state.guess;
    const socket = this.socket;
    const view = this.view;
    if (!guess || guess.status !== "queued" || !socket?.connected || !this.attached || !view) return;
    if (view.session.status === "paused" || view.round?.number !== guess.round || view.round.status !== "open") return;
    this.update({ guess: { ...guess, status: "sending" } });
    const value = guess.kind === "beta" ? { beta: guess.alpha } : { alpha: guess.alpha };
    const ack = await send(socket, "guess:submit", { ...value, commandId: guess.commandId });
    const current = this.state.guess;
    // A newer tap replaced this guess while it travelled; its own ack will report.
    if (!current || current.round !== guess.round || current.alpha !== guess.alpha || current.status !== "sending") return;
    if (ack.ok) {
      const accepted = (guess.kind === "beta" ? ack.beta : ack.alpha) ?? guess.alpha;
      this.update({ guess: { ...guess, round: ack.round, alpha: accepted, status: "sent", message: null } });
      return;
    }
    const retry = (message: string) => this.update({ guess: { ...guess, status: "queued", message } });
    const fail = (message: string) => this.update({ guess: { ...guess, status: "failed", message } });
    switch (ack.code) {
      case "UNAVAILABLE":
        retry("Not confirmed yet: it will be sent again as soon as the connection is back.");
        if (socket.connected && socket === this.socket) this.reconnectNow();
        return;
      case "NOT_PLAYER":
        // The server forgot this socket (it restarted): resume, and the queued guess goes out after that.
        retry("Reconnecting to send your guess…");
        if (socket === this.socket) this.reconnectNow();
        return;
      case "SESSION_PAUSED":
        retry("The session is paused; your guess will be sent when it resumes.");
        return;
      case "ROUND_CLOSED":
        return fail(`Too late: the round closed before your guess (${formatGuess(guess.kind, guess.alpha)}) arrived.`);
      case "RATE_LIMITED":
        return fail("Too many taps in a row. Wait a second, then lock in again.");
      case "PLAYER_KICKED":
        return this.kicked(ack.message);
      default:
        return fail(ack.message);
    }
  }

  // — what the server tells us —

  private acceptView(view: StudentView): void {
    const current = this.view;
    // Snapshots are whole; an older one (a late ack) must not overwrite a newer push.
    if (current && current.session.id === view.session.id && view.seq < current.seq) return;
    this.update({
      screen: { kind: "playing", view },
      clockOffset: view.serverNow - Date.now(),
      guess: this.reconcileGuess(view),
    });
    void this.flushGuess();
  }

  /** A newer lock-in count for the open round (between whole snapshots, which carry it too). */
  private acceptProgress(progress: RoundProgress): void {
    const view = this.view;
    if (view?.round?.number !== progress.round || !view.round.lockedIn) return;
    const round = { ...view.round, lockedIn: { count: progress.count, of: progress.of } };
    this.update({ screen: { kind: "playing", view: { ...view, round } } });
  }

  /** What becomes of the guess in hand when a new snapshot arrives. */
  private reconcileGuess(view: StudentView): GuessAttempt | null {
    const guess = this.state.guess;
    if (!guess) return null;
    if (view.round?.number !== guess.round) return null; // another round now: that attempt is history
    if (view.round.status !== "open" && guess.status === "queued") {
      return {
        ...guess,
        status: "failed",
        message: `Your guess (${formatGuess(guess.kind, guess.alpha)}) could not be sent before the round closed.`,
      };
    }
    return guess;
  }

  private kicked(message: string): void {
    if (this.credentials) forgetPlayer(this.credentials);
    this.credentials = null;
    this.update({ screen: { kind: "kicked", message } });
    this.attached = false;
    // No way back for this phone in this session: no reconnects, and waking the page does nothing.
    this.keeper?.halt();
  }
}
