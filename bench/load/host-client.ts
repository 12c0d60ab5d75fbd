import type { Socket } from "socket.io-client";
import { errorMessage, PROTOCOL_VERSION, type CreateSessionResponse, type HostView } from "@/lib/protocol";
import { LatestView } from "./latest-view";
import { openSocket } from "./sockets";

export type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/**
 * The scripted host: keeps only the latest host:view (tests/helpers/lesson.ts's ViewLog keeps every one, which at
 * 1,000 phones is hundreds of MB of views) and times each command from send to ack. This is the one place that reads
 * the console's view messages: a change of the console protocol (say, a snapshot on attach, then patches) is followed
 * here. The bytes a console receives are counted below socket.io (traffic.ts), whatever its events are.
 */
export class HostClient {
  private readonly views = new LatestView<HostView>();

  private constructor(readonly socket: Socket) {
    socket.on("host:view", (view: HostView) => this.views.offer(view));
  }

  get latest(): HostView | undefined {
    return this.views.latest;
  }

  static async attach(url: string, created: Pick<CreateSessionResponse, "sessionId" | "hostToken">, timeoutMs: number): Promise<HostClient> {
    const socket = await openSocket<Socket>(url, { protocolVersion: PROTOCOL_VERSION }, timeoutMs);
    const host = new HostClient(socket);
    const { ack } = await host.send<{ view: HostView }>("host:attach", { sessionId: created.sessionId, hostToken: created.hostToken }, timeoutMs);
    if (!ack.ok) throw new Error(`host:attach refused: ${ack.code} ${ack.message}`);
    if (!host.latest && ack.view) host.views.offer(ack.view);
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
    return this.views.waitFor(predicate, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
