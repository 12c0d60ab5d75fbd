import { randomBytes } from "node:crypto";
import type { CreateSessionResponse, HostView, StudentView } from "@/lib/protocol";
import { attachAndFollow } from "../../helpers/host-view-follow";
import { ViewLog } from "../../helpers/lesson";
import { connectClient, request, type TestSocket } from "../../helpers/socket-client";

type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;
/** Answers a client retries under the same commandId (its node went away, or the session is changing owner). */
const RETRYABLE = new Set(["UNAVAILABLE", "NOT_PLAYER", "NOT_HOST", "TIMEOUT", "DISCONNECTED"]);

/** A node list a client walks when its node dies, as a balancer would route it (the `alive` test says who is up). */
export type NodeRing = { urls: () => string[] };

abstract class Roaming<V extends HostView | StudentView> {
  socket: TestSocket | undefined;
  readonly views = new ViewLog<V>();
  /** How many times this client had to move to another node. */
  moves = 0;
  /** The node this client is connected to now. */
  url = "";
  private index: number;

  constructor(
    protected readonly ring: NodeRing,
    start: number,
  ) {
    this.index = start;
  }

  protected abstract bind(socket: TestSocket): Promise<AckLike>;

  /** Connects (moving along the ring while nodes refuse) and binds; retries until `deadlineMs`. */
  async connect(deadlineMs = 20_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const urls = this.ring.urls();
      const url = urls[this.index % urls.length];
      try {
        const socket = await connectClient(url);
        const ack = await this.bind(socket);
        if (!ack.ok) {
          socket.disconnect();
          throw new Error(`${ack.code}: ${ack.message}`);
        }
        this.socket = socket;
        this.url = url;
        socket.once("disconnect", () => {
          if (this.socket === socket) this.socket = undefined;
        });
        return;
      } catch (error) {
        if (Date.now() > until) throw new Error(`could not reconnect within ${deadlineMs} ms: ${String(error)}`);
        if (attempt > 0) {
          this.index++;
          this.moves++;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Sends a command under one commandId until it is answered by a final answer (ok or a refusal that is not "retry"). */
  async send(event: string, payload: Record<string, unknown> = {}, deadlineMs = 20_000): Promise<AckLike> {
    const commandId = randomBytes(12).toString("base64url");
    const until = Date.now() + deadlineMs;
    for (;;) {
      let ack: AckLike;
      if (!this.socket?.connected) {
        await this.connect(Math.max(1_000, until - Date.now())).catch(() => undefined);
        ack = { ok: false, code: "DISCONNECTED" };
      } else {
        ack = await request<AckLike>(this.socket, event, { ...payload, commandId }).catch(() => ({ ok: false, code: "TIMEOUT" }));
      }
      if (ack.ok || !RETRYABLE.has(ack.code ?? "")) return ack;
      if (ack.code === "NOT_PLAYER" || ack.code === "NOT_HOST") this.socket?.disconnect();
      if (Date.now() > until) return ack;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  close(): void {
    this.socket?.disconnect();
  }
}

/** A phone that follows its session from node to node by its player token. */
export class RoamingPhone extends Roaming<StudentView> {
  playerId = "";
  playerToken = "";
  sessionId = "";
  /** One join key for every attempt, so a join retried on another node is the same player. */
  private readonly joinKey = randomBytes(18).toString("base64url");

  constructor(
    ring: NodeRing,
    start: number,
    private readonly joinCode: string,
    private readonly nickname: string,
  ) {
    super(ring, start);
  }

  protected async bind(socket: TestSocket): Promise<AckLike> {
    socket.on("player:view", (v) => this.views.push(v));
    const ack = this.playerToken
      ? await request<AckLike>(socket, "player:resume", { sessionId: this.sessionId, playerToken: this.playerToken })
      : await request<AckLike>(socket, "player:join", { code: this.joinCode, nickname: this.nickname, joinKey: this.joinKey });
    if (ack.ok) {
      this.playerId = String(ack.playerId);
      this.sessionId = String(ack.sessionId);
      if (typeof ack.playerToken === "string") this.playerToken = ack.playerToken;
      this.views.push(ack.view as StudentView);
    }
    return ack;
  }
}

/** A console that follows its session from node to node by its host token. */
export class RoamingHost extends Roaming<HostView> {
  constructor(
    ring: NodeRing,
    start: number,
    private readonly created: CreateSessionResponse,
  ) {
    super(ring, start);
  }

  protected async bind(socket: TestSocket): Promise<AckLike> {
    return attachAndFollow(socket, this.created, (v) => this.views.push(v));
  }
}
