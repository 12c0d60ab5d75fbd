import type { Socket } from "socket.io-client";
import { errorMessage, PROTOCOL_VERSION, type CreateSessionResponse, type HostView } from "@/lib/protocol";
import { openSocket } from "./sockets";

export type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/**
 * The scripted host: keeps only the latest host:view (tests/helpers/lesson.ts's ViewLog keeps every one, which at
 * 1,000 phones is hundreds of MB of views) and times each command from send to ack.
 */
export class HostClient {
  latest: HostView | undefined;
  private waiters: { predicate: (v: HostView) => boolean; resolve: (v: HostView) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.on("host:view", (view: HostView) => {
      this.latest = view;
      this.waiters = this.waiters.filter((w) => (w.predicate(view) ? (w.resolve(view), false) : true));
    });
  }

  static async attach(url: string, created: Pick<CreateSessionResponse, "sessionId" | "hostToken">, timeoutMs: number): Promise<HostClient> {
    const socket = await openSocket<Socket>(url, { protocolVersion: PROTOCOL_VERSION }, timeoutMs);
    const host = new HostClient(socket);
    const { ack } = await host.send<{ view: HostView }>("host:attach", { sessionId: created.sessionId, hostToken: created.hostToken }, timeoutMs);
    if (!ack.ok) throw new Error(`host:attach refused: ${ack.code} ${ack.message}`);
    host.latest ??= ack.view;
    return host;
  }

  /** Sends a command and times it from send to ack. A timeout is reported as { ok: false, code: "TIMEOUT" }. */
  async send<T extends object = object>(event: string, payload: unknown, timeoutMs: number): Promise<{ ack: AckLike & Partial<T>; ms: number }> {
    const t0 = performance.now();
    try {
      const ack = (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckLike & Partial<T>;
      return { ack, ms: performance.now() - t0 };
    } catch (error) {
      return { ack: { ok: false, code: "TIMEOUT", message: errorMessage(error) } as AckLike & Partial<T>, ms: performance.now() - t0 };
    }
  }

  waitFor(predicate: (v: HostView) => boolean, timeoutMs: number): Promise<HostView | null> {
    if (this.latest && predicate(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve(null);
      }, timeoutMs);
      const done = (v: HostView) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  close(): void {
    this.socket.close();
  }
}
