import { randomBytes } from "node:crypto";
import { ackError, ErrorCode, type Ack } from "@/lib/protocol";
import { openRound, type SessionCommand, type SessionResponse } from "@/lib/session";
import type { EventStore } from "@/lib/db/event-store";
import type { SessionLeases } from "@/lib/db/session-leases";
import type { Logger } from "../logger";
import type { CommittedBatch, RoomCluster, SessionRoom } from "../sessions/session-room";
import {
  NodeMessageSchema,
  nodeChannel,
  type Answer,
  type Forwarded,
  SESSION_CHANNEL_PREFIX,
  sessionChannel,
  SessionMessageSchema,
  type NodeMessage,
  type SessionMessage,
} from "./cluster-messages";
import type { RedisConnections } from "./redis-connections";
import { PRESENCE_REFRESH_MS, RemotePresence } from "./remote-presence";

/** How long a lease lasts without renewal: a killed owner's sessions are taken over within about this long. */
export const LEASE_TTL_MS = 5_000;
const RENEW_EVERY_MS = 1_500;
/** Lease and lastSeq of every mirrored session are compared with PostgreSQL this often (lost messages, dead owners). */
const POLL_EVERY_MS = 1_000;
const ORPHANS_EVERY_MS = 2_000;
/** A forwarded command gets an answer within this, or UNAVAILABLE (the client retries under the same commandId). */
const FORWARD_TIMEOUT_MS = 3_000;
/** Who owns a session is remembered this long before PostgreSQL is asked again. */
const OWNER_HINT_MS = 2_000;
/** A command looks for the session's owner this many times (about 3 s in all: long enough for a drain's handover). */
const MAX_ROUTE_ATTEMPTS = 8;
const routeBackoff = (attempt: number) => Math.min(100 * (attempt + 1), 500);
/** After a forwarded command, how long to wait for its batch to arrive by pub/sub before reading it from the log. */
const CATCH_UP_WAIT_MS = 150;
/** A console's attach waits at most this long for its node to take a session nobody writes. */
const CONSOLE_CLAIM_WAIT_MS = 1_000;

/** What the cluster needs from the hub: the rooms this node has loaded. */
export interface RoomDirectory {
  peek(sessionId: string): SessionRoom | undefined;
  get(sessionId: string): Promise<SessionRoom | null>;
  loaded(): IterableIterator<SessionRoom>;
}

type Owner = { node: string | null; live: boolean; at: number };
type Waiting = { resolve: (answer: Answer | null) => void; timer: NodeJS.Timeout };

const unavailable = (message: string) => ackError(ErrorCode.UNAVAILABLE, message);

/**
 * This node's part in a cluster: it writes the sessions whose lease it holds, forwards commands for the others to
 * their owner over Redis, publishes what it commits, and keeps its copies of other sessions current (pub/sub first,
 * PostgreSQL when a message is missing). PostgreSQL is the truth for both the log and the leases; Redis only carries
 * messages, so losing Redis loses speed (and forwarding), never an acknowledged command.
 */
export class ClusterNode implements RoomCluster {
  private readonly owned = new Map<string, number>();
  private readonly owners = new Map<string, Owner>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly taking = new Map<string, Promise<boolean>>();
  private readonly filling = new Map<string, Promise<void>>();
  private readonly seqWaiters = new Map<string, Set<() => void>>();
  private readonly presence = new RemotePresence();
  private readonly presenceDue = new Map<string, NodeJS.Timeout>();
  /**
   * Session channels this node subscribed to; `true` once Redis confirmed it, from when forwards for that session may
   * be answered inside its batches.
   */
  private readonly subscribed = new Map<string, boolean>();
  private readonly loops: NodeJS.Timeout[] = [];
  /** Per node: commands to forward / answers to send, flushed once per event-loop turn as one message each. */
  private readonly outbox = new Map<string, { items: Forwarded[]; sent: Promise<number> | undefined; resolveSent: (n: number) => void }>();
  private readonly answers = new Map<string, Answer[]>();
  private flushScheduled = false;
  private nextRid = 0;
  private readonly ridPrefix = randomBytes(6).toString("base64url");
  private directory: RoomDirectory | undefined;
  private draining = false;
  private lastRenewOk = Date.now();

  constructor(
    readonly nodeId: string,
    private readonly deps: { redis: RedisConnections; leases: SessionLeases; store: EventStore; log: Logger },
  ) {}

  get ownedSessions(): number {
    return this.owned.size;
  }

  async start(directory: RoomDirectory): Promise<void> {
    this.directory = directory;
    const freed = await this.deps.leases.releaseAllOf(this.nodeId);
    if (freed > 0) this.deps.log.info("freed leases of this node's previous process", { sessions: freed });
    const { subscriber } = this.deps.redis;
    subscriber.on("message", (channel: string, text: string) => this.onMessage(channel, text));
    await subscriber.subscribe(nodeChannel(this.nodeId));
    const every = (ms: number, task: () => Promise<void>, name: string) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        task()
          .catch((error: unknown) => this.deps.log.warn("cluster task failed", { task: name, error }))
          .finally(() => (running = false));
      }, ms);
      timer.unref();
      this.loops.push(timer);
    };
    every(RENEW_EVERY_MS, () => this.renew(), "renew leases");
    every(POLL_EVERY_MS, () => this.poll(), "poll sessions");
    every(ORPHANS_EVERY_MS, () => this.adoptOrphans(), "adopt orphaned timers");
    every(PRESENCE_REFRESH_MS, async () => this.refreshPresence(), "announce presence");
  }

  // — rooms coming and going —

  /** A room was loaded here: hear its batches and presence. */
  watch(room: SessionRoom): void {
    const channel = sessionChannel(room.id);
    if (this.subscribed.has(channel)) return;
    this.subscribed.set(channel, false);
    this.deps.redis.subscriber.subscribe(channel).then(
      () => {
        if (this.subscribed.has(channel)) this.subscribed.set(channel, true);
      },
      (error: unknown) => this.deps.log.warn("could not subscribe to a session's batches; polling covers it", { session: room.id, error }),
    );
  }

  /** A room was dropped here: stop hearing it and give its lease up. */
  async unwatch(sessionId: string): Promise<void> {
    const channel = sessionChannel(sessionId);
    if (this.subscribed.delete(channel)) void this.deps.redis.subscriber.unsubscribe(channel).catch(() => undefined);
    this.presence.forget(sessionId);
    this.seqWaiters.delete(sessionId);
    clearTimeout(this.presenceDue.get(sessionId));
    this.presenceDue.delete(sessionId);
    const epoch = this.owned.get(sessionId);
    if (epoch !== undefined) {
      this.owned.delete(sessionId);
      await this.deps.leases.release(this.nodeId, new Map([[sessionId, epoch]])).catch(() => undefined);
    }
  }

  // — RoomCluster —

  async route(room: SessionRoom, command: SessionCommand): Promise<Ack<SessionResponse>> {
    for (let attempt = 0; attempt < MAX_ROUTE_ATTEMPTS; attempt++) {
      if (room.isWriter) return room.enqueueHere(command);
      if (this.draining) return unavailable("This server is restarting; try again in a moment");
      const owner = await this.ownerOf(room.id);
      if (owner.live && owner.node !== null && owner.node !== this.nodeId) {
        const answer = await this.forward(owner.node, room, command);
        if (answer !== "redirect") return answer;
        this.owners.delete(room.id);
        await sleep(routeBackoff(attempt));
        continue;
      }
      if (!(await this.take(room))) {
        this.owners.delete(room.id);
        await sleep(routeBackoff(attempt));
      }
    }
    return unavailable("This session is changing servers; try again in a moment");
  }

  committed(room: SessionRoom, batch: CommittedBatch): void {
    const message: SessionMessage = { t: "batch", node: this.nodeId, epoch: room.writerEpoch ?? 0, batch };
    this.publish(sessionChannel(room.id), message);
  }

  fenced(room: SessionRoom): void {
    this.owned.delete(room.id);
    this.owners.delete(room.id);
  }

  presenceChanged(room: SessionRoom): void {
    if (this.presenceDue.has(room.id)) return;
    // Coalesced: a wave of joins is one announcement, not one per phone.
    const timer = setTimeout(() => {
      this.presenceDue.delete(room.id);
      this.announcePresence(room);
    }, 250);
    timer.unref();
    this.presenceDue.set(room.id, timer);
  }

  onlineElsewhere(sessionId: string, playerId: string): boolean {
    return this.presence.online(sessionId, playerId);
  }

  /**
   * The console is a session's busiest screen (a patch every 50 ms during a burst) and sends the instructor's commands:
   * written on the console's node, neither needs a relay through Redis. Only a session nobody writes is taken; one a
   * live node writes stays there (no handover in the middle of a lesson). Awaited by the attach (so the phones that
   * join next find the owner) but never for longer than CONSOLE_CLAIM_WAIT_MS: a slow database delays no console.
   */
  async consoleAttaching(room: SessionRoom): Promise<void> {
    if (room.isWriter || this.draining) return;
    const claim = this.ownerOf(room.id)
      .then((owner) => (owner.live ? undefined : this.take(room)))
      .catch((error: unknown) => this.deps.log.debug("could not look up a session's owner for its console", { session: room.id, error }));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([claim, new Promise<void>((resolve) => (timer = setTimeout(resolve, CONSOLE_CLAIM_WAIT_MS)))]);
    clearTimeout(timer);
  }

  // — leases —

  /** Takes the lease of a session nobody writes, and with it the session (state re-read from the log). */
  private take(room: SessionRoom): Promise<boolean> {
    let pending = this.taking.get(room.id);
    if (!pending) {
      pending = (async () => {
        if (room.isWriter) return true;
        const epoch = await this.deps.leases.acquire(room.id, this.nodeId, LEASE_TTL_MS);
        if (epoch === null) return false;
        this.owned.set(room.id, epoch);
        try {
          await room.becomeWriter(epoch);
        } catch (error) {
          this.owned.delete(room.id);
          await this.deps.leases.release(this.nodeId, new Map([[room.id, epoch]])).catch(() => undefined);
          throw error;
        }
        this.owners.set(room.id, { node: this.nodeId, live: true, at: Date.now() });
        this.deps.log.info("session taken", { session: room.id, epoch, seq: room.seq });
        return true;
      })().finally(() => this.taking.delete(room.id));
      this.taking.set(room.id, pending);
    }
    return pending.catch((error: unknown) => {
      this.deps.log.warn("could not take a session", { session: room.id, error });
      return false;
    });
  }

  private async renew(): Promise<void> {
    if (this.owned.size === 0) {
      this.lastRenewOk = Date.now();
      return;
    }
    const held = new Map(this.owned);
    let renewed: Set<string>;
    try {
      renewed = await this.deps.leases.renew(this.nodeId, held, LEASE_TTL_MS);
      this.lastRenewOk = Date.now();
    } catch (error) {
      // The database is away: past the lease's life another node may write, so stop (its epoch fences us anyway).
      if (Date.now() - this.lastRenewOk > LEASE_TTL_MS) for (const id of held.keys()) this.lose(id, "renewal failing");
      throw error;
    }
    for (const id of held.keys()) if (!renewed.has(id) && this.owned.get(id) === held.get(id)) this.lose(id, "lease lost");
  }

  private lose(sessionId: string, why: string): void {
    this.owned.delete(sessionId);
    this.owners.delete(sessionId);
    const room = this.directory?.peek(sessionId);
    if (room?.isWriter) {
      room.stopWriting();
      this.deps.log.warn("stopped writing a session", { session: sessionId, why });
    }
  }

  private async ownerOf(sessionId: string): Promise<Owner> {
    const known = this.owners.get(sessionId);
    if (known && Date.now() - known.at < OWNER_HINT_MS) return known;
    const [info] = await this.deps.leases.info([sessionId]);
    const owner: Owner = { node: info?.ownerNode ?? null, live: info?.live ?? false, at: Date.now() };
    this.owners.set(sessionId, owner);
    return owner;
  }

  /** Every second: owners and lastSeq of every room here; fills gaps, notices dead owners, and lost leases. */
  private async poll(): Promise<void> {
    const rooms = [...(this.directory?.loaded() ?? [])];
    for (const id of this.presence.expire()) this.directory?.peek(id)?.presenceUpdated();
    if (rooms.length === 0) return;
    const infos = await this.deps.leases.info(rooms.map((r) => r.id));
    const now = Date.now();
    for (const info of infos) {
      const room = this.directory?.peek(info.sessionId);
      if (!room) continue;
      this.owners.set(info.sessionId, { node: info.ownerNode, live: info.live, at: now });
      if (room.isWriter) {
        if (info.ownerNode !== this.nodeId || info.ownerEpoch !== room.writerEpoch) this.lose(room.id, "another node holds the lease");
        continue;
      }
      if (info.lastSeq > room.seq) void this.fill(room);
      // A round timer must run somewhere: with no live owner, a node holding the session takes it.
      const round = openRound(room.snapshot);
      if (!info.live && !this.draining && round?.deadline != null && room.snapshot.status !== "paused") void this.take(room);
    }
  }

  /** Sessions with a running round timer and no live owner anywhere (all their screens gone): adopt them. */
  private async adoptOrphans(): Promise<void> {
    if (this.draining || !this.directory) return;
    for (const id of await this.deps.leases.orphanedDeadlines(20)) {
      const room = await this.directory.get(id);
      if (room && !room.readOnly) await this.take(room);
    }
  }

  // — forwarding —

  private async forward(node: string, room: SessionRoom, command: SessionCommand): Promise<Ack<SessionResponse> | "redirect"> {
    const { commands } = this.deps.redis;
    if (commands.status !== "ready") return unavailable("The servers cannot reach each other just now; try again in a moment");
    // A per-process prefix and a counter: unique even against late answers to a previous process with this NODE_ID.
    const rid = `${this.ridPrefix}${(this.nextRid++).toString(36)}`;
    const answer = new Promise<Answer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(rid);
        resolve(null);
      }, FORWARD_TIMEOUT_MS);
      this.waiting.set(rid, { resolve, timer });
    });
    let receivers: number;
    try {
      const viaBatch = this.subscribed.get(sessionChannel(room.id)) === true;
      receivers = await this.enqueueForward(node, { rid, sessionId: room.id, command: command as never, viaBatch });
    } catch {
      this.settle(rid, null);
      return unavailable("The servers cannot reach each other just now; try again in a moment");
    }
    if (receivers < 0) {
      this.settle(rid, null);
      return unavailable("The servers cannot reach each other just now; try again in a moment");
    }
    if (receivers === 0) {
      // The owner is not listening (killed, or cut off from Redis): its lease runs out within seconds.
      this.settle(rid, null);
      this.owners.delete(room.id);
      return unavailable("This session's server is not answering; another one takes over within seconds");
    }
    const reply = await answer;
    if (!reply) return unavailable("No answer from this session's server; try again");
    if ("redirect" in reply) return "redirect";
    await this.caughtUp(room, reply.seq);
    return reply.ack as Ack<SessionResponse>;
  }

  /** Adds a command to this turn's bundle for `node`; resolves with how many nodes heard the bundle. */
  private enqueueForward(node: string, item: Forwarded): Promise<number> {
    let box = this.outbox.get(node);
    if (!box) {
      let resolveSent!: (n: number) => void;
      const sent = new Promise<number>((resolve) => (resolveSent = resolve));
      box = { items: [], sent, resolveSent };
      this.outbox.set(node, box);
    }
    box.items.push(item);
    this.scheduleFlush();
    return box.sent!;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const { commands } = this.deps.redis;
      for (const [node, box] of this.outbox) {
        const message: NodeMessage = { t: "cmds", from: this.nodeId, items: box.items };
        commands.publish(nodeChannel(node), this.frame(message)).then(box.resolveSent, () => box.resolveSent(-1));
      }
      this.outbox.clear();
      for (const [node, items] of this.answers) this.publish(nodeChannel(node), { t: "acks", items });
      this.answers.clear();
    });
  }

  private answer(node: string, item: Answer): void {
    let items = this.answers.get(node);
    if (!items) this.answers.set(node, (items = []));
    items.push(item);
    this.scheduleFlush();
  }

  private settle(rid: string, answer: Answer | null): void {
    const waiting = this.waiting.get(rid);
    if (!waiting) return;
    this.waiting.delete(rid);
    clearTimeout(waiting.timer);
    waiting.resolve(answer);
  }

  /** Read-your-writes: the copy here has the owner's batch before the forwarded command's answer is passed on. */
  private async caughtUp(room: SessionRoom, seq: number): Promise<void> {
    if (room.seq >= seq) return;
    const waiters = this.seqWaiters.get(room.id) ?? new Set<() => void>();
    this.seqWaiters.set(room.id, waiters);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (room.seq >= seq) done();
      };
      const timer = setTimeout(done, CATCH_UP_WAIT_MS);
      waiters.add(check);
    });
    if (room.seq < seq) await this.fill(room);
  }

  private async handleCommand(from: string, item: Forwarded): Promise<void> {
    const room = this.draining ? null : await this.directory?.get(item.sessionId);
    if (!room || !room.isWriter) return this.answer(from, { rid: item.rid, redirect: true });
    const replyTo = item.viaBatch ? { node: from, rid: item.rid } : undefined;
    const { ack, published } = await room.enqueueForwarded(item.command as SessionCommand, replyTo);
    if (!published) this.answer(from, { rid: item.rid, ack: ack as Record<string, unknown>, seq: room.seq });
  }

  // — copies of sessions written elsewhere —

  private onBatch(sessionId: string, message: Extract<SessionMessage, { t: "batch" }>): void {
    if (message.node === this.nodeId) return;
    const room = this.directory?.peek(sessionId);
    if (room) {
      if (!room.applyCommitted(message.batch as CommittedBatch)) void this.fill(room);
      this.wake(room);
    }
    // Answers riding in the batch: settled after the copy applied it (or, with a gap, caughtUp reads the log first).
    const { answers, events } = message.batch;
    if (!answers) return;
    const seq = events[events.length - 1].seq;
    for (const { to, ack } of answers) if (to.node === this.nodeId) this.settle(to.rid, { rid: to.rid, ack, seq });
  }

  /** Reads what this copy is missing from the log (one fill at a time per session). */
  private fill(room: SessionRoom): Promise<void> {
    let pending = this.filling.get(room.id);
    if (!pending) {
      pending = (async () => {
        const missing = await this.deps.store.eventsAfter(room.id, room.seq);
        if (!missing || missing.events.length === 0) return;
        room.applyCommitted({ events: missing.events, newPlayers: [...missing.playerTokens], receipts: [], guessed: [] });
        this.wake(room);
      })()
        .catch((error: unknown) => this.deps.log.warn("could not catch a session up from the log", { session: room.id, error }))
        .finally(() => this.filling.delete(room.id));
      this.filling.set(room.id, pending);
    }
    return pending;
  }

  private wake(room: SessionRoom): void {
    for (const check of [...(this.seqWaiters.get(room.id) ?? [])]) check();
  }

  // — presence —

  private announcePresence(room: SessionRoom): void {
    this.publish(sessionChannel(room.id), { t: "presence", node: this.nodeId, players: room.localPlayers() } satisfies SessionMessage);
  }

  private refreshPresence(): void {
    for (const room of this.directory?.loaded() ?? []) if (room.localPlayers().length > 0) this.announcePresence(room);
  }

  // — messages —

  private publish(channel: string, message: NodeMessage | SessionMessage): void {
    const { commands } = this.deps.redis;
    if (commands.status !== "ready") return; // copies catch up from PostgreSQL; a forward times out into UNAVAILABLE
    commands.publish(channel, this.frame(message)).catch((error: unknown) =>
      this.deps.log.debug("publish failed", { channel, error }),
    );
  }

  /**
   * "<sender node> <JSON>": a node hears its own session messages (it subscribes to the sessions it holds) and skips
   * them without parsing — the writer would otherwise decode every batch it just sent.
   */
  private frame(message: NodeMessage | SessionMessage): string {
    return `${this.nodeId} ${JSON.stringify(message)}`;
  }

  private onMessage(channel: string, framed: string): void {
    const space = framed.indexOf(" ");
    if (space <= 0) return this.deps.log.warn("dropped a cluster message without its sender", { channel });
    if (framed.slice(0, space) === this.nodeId && channel.startsWith(SESSION_CHANNEL_PREFIX)) return;
    const text = framed.slice(space + 1);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.deps.log.warn("dropped a cluster message that is not JSON", { channel });
      return;
    }
    if (channel.startsWith(SESSION_CHANNEL_PREFIX)) {
      const parsed = SessionMessageSchema.safeParse(raw);
      if (!parsed.success) return this.deps.log.warn("dropped an invalid session message", { channel, issue: parsed.error.issues[0]?.message });
      const sessionId = channel.slice(SESSION_CHANNEL_PREFIX.length);
      if (parsed.data.t === "batch") this.onBatch(sessionId, parsed.data);
      else if (parsed.data.node !== this.nodeId) {
        this.presence.announce(sessionId, parsed.data.node, parsed.data.players);
        this.directory?.peek(sessionId)?.presenceUpdated();
      }
      return;
    }
    const parsed = NodeMessageSchema.safeParse(raw);
    if (!parsed.success) return this.deps.log.warn("dropped an invalid node message", { channel, issue: parsed.error.issues[0]?.message });
    const message = parsed.data;
    if (message.t === "cmds") {
      for (const item of message.items)
        void this.handleCommand(message.from, item).catch((error: unknown) => {
          this.deps.log.error("forwarded command failed", { session: item.sessionId, error });
          this.answer(message.from, { rid: item.rid, ack: ackError(ErrorCode.INTERNAL, "The server could not complete that command"), seq: 0 });
        });
    } else for (const item of message.items) this.settle(item.rid, item);
  }

  // — shutdown —

  /** SIGTERM: refuse to take or serve sessions; forwarded commands are sent back to look for the next owner. */
  beginDrain(): void {
    this.draining = true;
  }

  /** After the rooms' queues are empty: leases go back at once (no waiting for expiry), then Redis closes. */
  async stop(): Promise<void> {
    this.draining = true;
    for (const timer of this.loops) clearInterval(timer);
    for (const timer of this.presenceDue.values()) clearTimeout(timer);
    for (const rid of [...this.waiting.keys()]) this.settle(rid, null);
    const held = new Map(this.owned);
    this.owned.clear();
    for (const id of held.keys()) this.directory?.peek(id)?.stopWriting();
    await this.deps.leases.release(this.nodeId, held).catch((error: unknown) => this.deps.log.warn("could not release leases", { error }));
    if (held.size > 0) this.deps.log.info("released leases", { sessions: held.size });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
