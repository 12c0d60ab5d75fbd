import { randomInt } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { CONFIG_LIMITS, parseConfig, serializeState } from "@/lib/engine";
import { ErrorCode, SessionRulesSchema, type CreateSessionBody, type CreateSessionResponse } from "@/lib/protocol";
import { foldEvents, replayAccess, type StoredEvent } from "@/lib/session";
import { JoinCodeTakenError, type SessionLog } from "@/lib/session/event-log";
import { HttpError } from "../http/json";
import { joinUrlFor, publicBaseUrl, replayUrlFor } from "../http/public-url";
import { DEFAULT_LIMITS } from "../limits";
import type { Logger } from "../logger";
import type { ScoringPool } from "../scoring/scoring-pool";
import { hashToken, newJoinCode, newSessionId, newToken, tokenMatches } from "./secrets";
import { SessionRoom, type RoomCluster, type SocketFanout } from "./session-room";

/** A cluster's hooks into the hub (server/cluster/cluster-node.ts): which rooms this node holds. */
export interface HubCluster extends RoomCluster {
  watch(room: SessionRoom): void;
  unwatch(sessionId: string): Promise<void>;
}

export type HubDeps = {
  store: SessionLog;
  log: Logger;
  scoring: ScoringPool;
  publicUrl: string | undefined;
  maxPlayers: number;
  /** Guesses one player may submit per round (default: DEFAULT_LIMITS). */
  guessesPerRound?: number;
  now?: () => number;
  /** Cluster mode: set once the cluster node is up (setCluster). */
  cluster?: HubCluster;
  fanout?: SocketFanout;
};

/** Idle rooms (nobody connected, no timer) are dropped from memory after this long; the log keeps them. */
const EVICT_AFTER_MS = 10 * 60_000;

/** All sessions this process serves. Rooms are loaded from the log on first use, so any process can serve any session. */
export class SessionHub {
  private readonly rooms = new Map<string, SessionRoom>();
  private readonly loading = new Map<string, Promise<SessionRoom | null>>();
  private readonly idleSince = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  private cluster: HubCluster | undefined;

  constructor(private readonly deps: HubDeps) {
    this.cluster = deps.cluster;
    this.now = deps.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /**
   * The network (and its configuration) a "continue from here" session starts with. Before a session has ended its
   * weights are its host's only (a student could otherwise copy them mid-round), so then the host token is required.
   */
  private async startingPoint(from: { sessionId: string; seq: number }, headers: IncomingHttpHeaders) {
    const source = await this.deps.store.load(from.sessionId);
    if (!source) throw new HttpError(404, ErrorCode.SESSION_NOT_FOUND, "The session to continue from does not exist");
    const bearer = /^Bearer\s+([A-Za-z0-9_-]{20,128})$/.exec(String(headers.authorization ?? ""))?.[1];
    const audience = bearer && tokenMatches(bearer, source.row.hostTokenHash) ? "host" : "public";
    if (!replayAccess(audience, source.row))
      throw new HttpError(403, ErrorCode.NOT_PUBLIC_YET, "That session is still live; only its host can continue from it before it ends");
    if (from.seq > source.events.length)
      throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, `That session has only ${source.events.length} events`);
    const state = foldEvents(source.events.slice(0, from.seq));
    return { config: state.config, rules: state.rules, startFrom: { ...from, engine: serializeState(state.engine) } };
  }

  /** Creates a session; the host token is returned once and only its hash is kept. */
  async create(body: CreateSessionBody, headers: IncomingHttpHeaders): Promise<CreateSessionResponse> {
    let config;
    let rules;
    let startFrom;
    if (body.continueFrom) {
      ({ config, rules, startFrom } = await this.startingPoint(body.continueFrom, headers));
      if (body.rules) rules = SessionRulesSchema.parse(body.rules);
    } else {
      const requested = (body.config ?? { scenario: "one-weight" }) as Record<string, unknown>;
      // A lesson gets its own data and starting weights unless the instructor pinned a seed.
      const withSeed =
        requested && typeof requested === "object" && !("seed" in requested)
          ? { ...requested, seed: randomInt(CONFIG_LIMITS.maxSeed) }
          : requested;
      config = parseConfig(withSeed);
      rules = SessionRulesSchema.parse(body.rules ?? {});
    }
    const hostToken = newToken();
    const base = publicBaseUrl(this.deps.publicUrl, headers);
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const id = newSessionId();
      const joinCode = newJoinCode();
      const created: StoredEvent = {
        seq: 1,
        at,
        event: { type: "session.created", config, rules, maxPlayers: this.deps.maxPlayers, ...(startFrom ? { startFrom } : {}) },
      };
      try {
        await this.deps.store.createSession({ id, joinCode, hostTokenHash: hashToken(hostToken) }, created);
      } catch (error) {
        if (error instanceof JoinCodeTakenError && attempt < 10) continue;
        throw error;
      }
      this.deps.log.info("session created", { session: id, joinCode, scenario: config.scenario });
      return {
        ok: true,
        sessionId: id,
        joinCode,
        joinUrl: joinUrlFor(base, joinCode),
        hostToken,
        replayUrl: replayUrlFor(base, id),
        config,
      };
    }
  }

  async findByJoinCode(joinCode: string): Promise<SessionRoom | null> {
    for (const room of this.rooms.values()) if (room.joinCode === joinCode) return room;
    const id = await this.deps.store.findSessionIdByJoinCode(joinCode);
    return id ? this.get(id) : null;
  }

  /** Joins a cluster (before any room is loaded). */
  setCluster(cluster: HubCluster): void {
    this.cluster = cluster;
  }

  /** The room if this process has it loaded (no database read). */
  peek(sessionId: string): SessionRoom | undefined {
    return this.rooms.get(sessionId);
  }

  loaded(): IterableIterator<SessionRoom> {
    return this.rooms.values();
  }

  /** The room for a session, loading (folding its log) if this process has not served it yet. */
  get(sessionId: string): Promise<SessionRoom | null> {
    const room = this.rooms.get(sessionId);
    if (room) return Promise.resolve(room);
    let loading = this.loading.get(sessionId);
    if (!loading) {
      loading = this.load(sessionId).finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, loading);
    }
    return loading;
  }

  private async load(sessionId: string): Promise<SessionRoom | null> {
    const loaded = await this.deps.store.load(sessionId);
    if (!loaded) return null;
    const started = performance.now();
    const state = foldEvents(loaded.events);
    const base = this.deps.publicUrl ?? "";
    const room = new SessionRoom(
      loaded.row.id,
      loaded.row.joinCode,
      loaded.row.hostTokenHash,
      state,
      loaded.playerTokens,
      base,
      {
        store: this.deps.store,
        log: this.deps.log,
        now: this.now,
        score: this.deps.scoring.score,
        newSeed: () => randomInt(CONFIG_LIMITS.maxSeed),
        guessesPerRound: this.deps.guessesPerRound ?? DEFAULT_LIMITS.guessesPerRound,
        cluster: this.cluster,
        fanout: this.deps.fanout,
      },
      loaded.row.readOnly,
      loaded.receipts,
    );
    this.rooms.set(sessionId, room);
    this.cluster?.watch(room);
    this.deps.log.info("session loaded", {
      session: sessionId,
      events: loaded.events.length,
      foldMs: Math.round(performance.now() - started),
      integrityIssues: state.integrity.length || undefined,
    });
    return room;
  }

  /**
   * After a start or restart: load every session with a round timer running, so rounds close on time. (A cluster
   * node instead adopts sessions whose timer has no live owner, continuously.)
   */
  async resumeTimers(): Promise<number> {
    if (this.cluster) return 0;
    const ids = await this.deps.store.sessionsWithDeadlines();
    await Promise.all(ids.map((id) => this.get(id)));
    return ids.length;
  }

  /** Drops a deleted session from memory and tells its screens (on every node, when the fanout spans a cluster). */
  async evict(sessionId: string, message: string): Promise<void> {
    this.deps.fanout?.sessionDeleted(sessionId, message);
    await this.dropDeleted(sessionId, message);
  }

  /** This node's part of a deletion: its copy goes, and its own screens are told unless the fanout already did. */
  async dropDeleted(sessionId: string, message: string): Promise<void> {
    const room = this.rooms.get(sessionId);
    this.rooms.delete(sessionId);
    await this.cluster?.unwatch(sessionId);
    await room?.terminate(message, { notify: !this.deps.fanout });
  }

  baseUrl(headers: IncomingHttpHeaders): string {
    return publicBaseUrl(this.deps.publicUrl, headers);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, room] of this.rooms) {
      if (!room.idle) {
        this.idleSince.delete(id);
        continue;
      }
      const since = this.idleSince.get(id) ?? now;
      this.idleSince.set(id, since);
      if (now - since >= EVICT_AFTER_MS) {
        this.rooms.delete(id);
        this.idleSince.delete(id);
        void room.close().then(() => this.cluster?.unwatch(id));
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.rooms.values()].map((room) => room.close()));
    this.rooms.clear();
  }
}

