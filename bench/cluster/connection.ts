/**
 * One client's connection to the cluster, as a phone or the console keeps it: a socket to one node, bound to the
 * session (join, resume or host:attach); when it drops, the next nodes are tried in turn (straight to node URLs, no
 * balancer) and the client binds again by token. Commands wait for a bound socket (`ready`).
 */
import type { Socket } from "socket.io-client";
import { errorMessage, PROTOCOL_VERSION } from "@/lib/protocol";
import type { AckLike } from "../load/host-client";
import type { ErrorTally } from "../load/error-tally";
import { openSocket } from "../load/sockets";

/** Answers after which trying again (elsewhere, later) may succeed; anything else is final. */
export const RETRYABLE = new Set(["UNAVAILABLE", "TIMEOUT", "DISCONNECTED"]);

export type Binder = (socket: Socket) => Promise<AckLike>;

export type ConnectionSettings = { ackTimeoutMs: number; giveUpMs: number };

export class Connection {
  private socket: Socket | undefined;
  private waiters: ((socket: Socket | null) => void)[] = [];
  private closing = false;
  private reconnecting = false;
  /** Unexpected disconnects, and how long each took until bound again on some node. */
  disconnects = 0;
  readonly reboundMs: number[] = [];
  /** Times the first connection or bind was tried again (timeout, UNAVAILABLE, connection refused). */
  retriedOpens = 0;

  constructor(
    private readonly urls: readonly string[],
    private nodeIndex: number,
    private readonly room: string,
    /** Registers the view listeners on a new socket (before it binds, so no view is missed). */
    private readonly listen: (socket: Socket) => void,
    /** Binds a new socket to the session: player:join (first time), player:resume or host:attach. */
    private readonly bind: Binder,
    private readonly settings: ConnectionSettings,
    private readonly errors: ErrorTally,
  ) {}

  get node(): number {
    return this.nodeIndex;
  }

  /**
   * First connection, to the placed node, tried again (new socket, same join key or token) after a timeout or
   * UNAVAILABLE as a phone would; throws on a final refusal or when giveUpMs passed.
   */
  async open(): Promise<void> {
    const t0 = performance.now();
    for (;;) {
      let socket: Socket | undefined;
      let failure: string;
      try {
        socket = await this.connectTo(this.nodeIndex);
        const ack = await this.bind(socket);
        if (ack.ok) return this.bound(socket);
        failure = `${ack.code}: ${ack.message}`;
        if (!RETRYABLE.has(String(ack.code))) throw new Error(failure);
      } catch (error) {
        socket?.close();
        if (socket) throw error; // connected, then refused for good
        failure = errorMessage(error);
      }
      socket?.close();
      if (performance.now() - t0 > this.settings.giveUpMs) throw new Error(`${failure} (for ${this.settings.giveUpMs} ms)`);
      this.retriedOpens++;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The bound socket, waiting (at most timeoutMs) while it reconnects; null when none came. */
  ready(timeoutMs: number): Promise<Socket | null> {
    if (this.socket?.connected) return Promise.resolve(this.socket);
    if (this.closing) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(null);
      }, timeoutMs);
      const done = (socket: Socket | null) => {
        clearTimeout(timer);
        resolve(socket);
      };
      this.waiters.push(done);
    });
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
    this.socket = undefined;
    for (const w of this.waiters.splice(0)) w(null);
  }

  private connectTo(index: number): Promise<Socket> {
    return openSocket<Socket>(this.urls[index], { protocolVersion: PROTOCOL_VERSION }, Math.min(this.settings.ackTimeoutMs, 3000), { room: this.room }).then(
      (socket) => {
        this.listen(socket);
        return socket;
      },
    );
  }

  private bound(socket: Socket): void {
    this.socket = socket;
    socket.once("disconnect", () => {
      if (this.closing || this.socket !== socket) return;
      this.socket = undefined;
      this.disconnects++;
      void this.reconnect();
    });
    for (const w of this.waiters.splice(0)) w(socket);
  }

  /** Tries the other nodes in turn, then this one again, until one binds; a short pause after each full turn. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    const t0 = performance.now();
    let last = "";
    try {
      while (!this.closing && performance.now() - t0 < this.settings.giveUpMs) {
        for (let step = 1; step <= this.urls.length && !this.closing; step++) {
          const index = (this.nodeIndex + step) % this.urls.length;
          let socket: Socket | undefined;
          try {
            socket = await this.connectTo(index);
            const ack = await this.bind(socket);
            if (this.closing) {
              socket.close();
              return;
            }
            if (ack.ok) {
              this.nodeIndex = index;
              this.reboundMs.push(performance.now() - t0);
              this.bound(socket);
              return;
            }
            last = `${ack.code}: ${ack.message}`;
            socket.close();
            if (!RETRYABLE.has(String(ack.code))) {
              this.errors.add(`rebind ${ack.code}`, String(ack.message));
              for (const w of this.waiters.splice(0)) w(null);
              return;
            }
          } catch (error) {
            last = errorMessage(error);
            socket?.close();
          }
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      if (!this.closing) {
        this.errors.add("reconnect failed", `no node took this client back within ${this.settings.giveUpMs} ms (last: ${last})`);
        for (const w of this.waiters.splice(0)) w(null);
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
