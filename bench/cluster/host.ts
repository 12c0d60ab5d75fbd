import type { Socket } from "socket.io-client";
import type { CreateSessionResponse, HostPatch, HostView } from "@/lib/protocol";
import { HostViewCopy } from "@/lib/session/host-view-patch";
import type { ErrorTally } from "../load/error-tally";
import type { AckLike } from "../load/host-client";
import { LatestView } from "../load/latest-view";
import { newCommandId } from "./command-ids";
import { Connection, type ConnectionSettings } from "./connection";
import { sendWithRetry, type Sent } from "./retrying-send";

/** A guess the host's view should show: when the phone sent it, and when the host's view first showed it. */
type Watched = { round: number; alpha: number; sentAt: number; ackAt?: number; seenAt?: number };

/**
 * The scripted console of one session: attaches by host token (again, on another node, when its node goes away),
 * keeps the latest host view (snapshot + patches), and notes when each watched guess first shows up in it (cross-node delivery).
 */
export class ClusterHost {
  readonly connection: Connection;
  private readonly views = new LatestView<HostView>();
  private readonly watched = new Map<string, Watched>();

  constructor(
    urls: readonly string[],
    node: number,
    readonly created: CreateSessionResponse,
    private readonly settings: ConnectionSettings,
    errors: ErrorTally,
    private readonly commandIds: boolean,
  ) {
    // Each socket follows its own snapshot + patches (a patch on another revision re-attaches, as the console does).
    const copies = new WeakMap<Socket, HostViewCopy>();
    const listen = (socket: Socket) => {
      copies.set(socket, new HostViewCopy());
      socket.on("host:patch", (patch: HostPatch) => {
        const result = copies.get(socket)!.receive(patch);
        if (result === "resync") void bind(socket);
        else this.received(result.applied, performance.now());
      });
    };
    const bind = async (socket: Socket): Promise<AckLike> => {
      try {
        const ack = (await socket
          .timeout(settings.ackTimeoutMs)
          .emitWithAck("host:attach", { sessionId: created.sessionId, hostToken: created.hostToken })) as AckLike & { view?: HostView; rev?: number };
        if (ack.ok && ack.view && ack.rev !== undefined) {
          const copy = copies.get(socket) ?? new HostViewCopy();
          copies.set(socket, copy);
          this.received(copy.snapshot({ view: ack.view, rev: ack.rev }), performance.now());
        }
        return ack;
      } catch {
        return { ok: false, code: "TIMEOUT", message: `no ack within ${settings.ackTimeoutMs} ms` };
      }
    };
    this.connection = new Connection(urls, node, created.joinCode, listen, bind, settings, errors);
  }

  /** One console action, retried with the same commandId until acknowledged. */
  command<T extends object = object>(event: string, payload: Record<string, unknown> = {}): Promise<Sent<T>> {
    return sendWithRetry<T>(this.connection, event, this.commandIds ? { ...payload, commandId: newCommandId() } : payload, this.settings);
  }

  /** Starts timing a guess (call when the phone sends it): done when the host's view lists this player with this α. */
  watch(playerId: string, round: number, alpha: number, sentAt: number): void {
    this.watched.set(playerId, { round, alpha, sentAt });
  }

  /** The phone got the watched guess's acknowledgement at `ackAt`. */
  acked(playerId: string, ackAt: number): void {
    const w = this.watched.get(playerId);
    if (w) w.ackAt = ackAt;
  }

  /**
   * For each watched guess of `round` by the given players that a view showed: send → host view, and the phone's
   * ack → host view (negative when the view came first); `unseen` never showed.
   */
  seenLatencies(round: number, players: ReadonlySet<string>): { latencies: number[]; afterAck: number[]; unseen: number } {
    const latencies: number[] = [];
    const afterAck: number[] = [];
    let unseen = 0;
    for (const [playerId, w] of this.watched) {
      if (w.round !== round || !players.has(playerId)) continue;
      if (w.seenAt === undefined) unseen++;
      else {
        latencies.push(w.seenAt - w.sentAt);
        if (w.ackAt !== undefined) afterAck.push(w.seenAt - w.ackAt);
      }
    }
    return { latencies, afterAck, unseen };
  }

  get latest(): HostView | undefined {
    return this.views.latest;
  }

  waitFor(predicate: (v: HostView) => boolean, timeoutMs: number): Promise<HostView | null> {
    return this.views.waitFor(predicate, timeoutMs);
  }

  close(): void {
    this.connection.close();
  }

  private received(view: HostView, now: number): void {
    const round = view.round;
    if (round) {
      for (const g of round.guesses) {
        const w = this.watched.get(g.playerId);
        if (w && w.seenAt === undefined && w.round === round.number && w.alpha === g.alpha) w.seenAt = now;
      }
    }
    this.views.offer(view);
  }
}
