import type { Socket } from "socket.io-client";
import { errorMessage, PROTOCOL_VERSION, type CreateSessionResponse, type HostPatch, type HostView } from "@/lib/protocol";
import { HostViewCopy } from "@/lib/session/host-view-patch";
import { LatestView } from "./latest-view";
import { openSocket } from "./sockets";

export type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/**
 * The scripted host: follows its view as the console does (the snapshot from host:attach, then host:patch messages),
 * keeps only the latest (tests/helpers/lesson.ts's ViewLog keeps every one, which at 1,000 phones is hundreds of MB)
 * and times each command from send to ack. This is the one place that reads the console's view messages; the bytes
 * a console receives are counted below socket.io (traffic.ts), whatever its events are.
 */
export class HostClient {
  private readonly views = new LatestView<HostView>();
  private readonly copy = new HostViewCopy();

  private constructor(
    readonly socket: Socket,
    private readonly created: Pick<CreateSessionResponse, "sessionId" | "hostToken">,
    private readonly timeoutMs: number,
  ) {
    socket.on("host:patch", (patch: HostPatch) => {
      const result = this.copy.receive(patch);
      if (result === "resync") void this.reattach();
      else this.views.offer(result.applied);
    });
  }

  private async reattach(): Promise<AckLike> {
    const { ack } = await this.send<{ view: HostView; rev: number }>("host:attach", { sessionId: this.created.sessionId, hostToken: this.created.hostToken }, this.timeoutMs);
    if (ack.ok && ack.view && ack.rev !== undefined) this.views.offer(this.copy.snapshot({ view: ack.view, rev: ack.rev }));
    return ack;
  }

  get latest(): HostView | undefined {
    return this.views.latest;
  }

  static async attach(url: string, created: Pick<CreateSessionResponse, "sessionId" | "hostToken">, timeoutMs: number): Promise<HostClient> {
    const socket = await openSocket<Socket>(url, { protocolVersion: PROTOCOL_VERSION }, timeoutMs);
    const host = new HostClient(socket, created, timeoutMs);
    const ack = await host.reattach();
    if (!ack.ok) throw new Error(`host:attach refused: ${ack.code} ${ack.message}`);
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
