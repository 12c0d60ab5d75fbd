import type { Socket } from "socket.io-client";
import type { StudentView } from "@/lib/protocol";
import type { DeliveryProbe } from "../load/delivery-probe";
import type { ErrorTally } from "../load/error-tally";
import type { AckLike } from "../load/host-client";
import { newCommandId, newJoinKey } from "./command-ids";
import { Connection, type ConnectionSettings } from "./connection";
import { sendWithRetry, type Sent } from "./retrying-send";

type JoinAck = AckLike & { sessionId?: string; playerId?: string; playerToken?: string; view?: StudentView };

/**
 * A simulated phone of one session: joins with a join key on its placed node, resumes by token on another node when
 * its node goes away, and offers every view it receives to the delivery probes of its session.
 */
export class ClusterPhone {
  latest: StudentView | undefined;
  playerId = "";
  /** The α of the acknowledged guess of each round. */
  readonly acked = new Map<number, number>();
  readonly connection: Connection;
  private token = "";
  private sessionId = "";
  private readonly joinKey = newJoinKey();

  constructor(
    /** Index of this phone within its session's joined phones (the delivery probes' receiver index). */
    public i: number,
    urls: readonly string[],
    node: number,
    joinCode: string,
    nickname: string,
    probes: ReadonlySet<DeliveryProbe<StudentView>>,
    private readonly settings: ConnectionSettings,
    errors: ErrorTally,
  ) {
    const listen = (socket: Socket) =>
      socket.on("player:view", (view: StudentView) => {
        const now = performance.now();
        this.latest = view;
        for (const probe of probes) probe.offer(this.i, view, now);
      });
    const bind = async (socket: Socket): Promise<AckLike> => {
      const timeout = socket.timeout(settings.ackTimeoutMs);
      try {
        if (this.token) return (await timeout.emitWithAck("player:resume", { sessionId: this.sessionId, playerToken: this.token })) as AckLike;
        const ack = (await timeout.emitWithAck("player:join", { code: joinCode, nickname, joinKey: this.joinKey })) as JoinAck;
        if (ack.ok) {
          this.playerId = ack.playerId!;
          this.token = ack.playerToken!;
          this.sessionId = ack.sessionId!;
          this.latest ??= ack.view;
        }
        return ack;
      } catch {
        return { ok: false, code: "TIMEOUT", message: `no ack within ${settings.ackTimeoutMs} ms` };
      }
    };
    this.connection = new Connection(urls, node, joinCode, listen, bind, settings, errors);
  }

  /** One guess (one user action): retried with the same commandId until acknowledged. */
  async guess(round: number, alpha: number, commandIds: boolean): Promise<Sent<{ round: number; alpha: number }>> {
    const payload = commandIds ? { alpha, commandId: newCommandId() } : { alpha };
    const sent = await sendWithRetry<{ round: number; alpha: number }>(this.connection, "guess:submit", payload, this.settings);
    if (sent.ack.ok) this.acked.set(sent.ack.round ?? round, alpha);
    return sent;
  }

  close(): void {
    this.connection.close();
  }
}
