import { ErrorCode } from "@/lib/protocol";
import { clientAddress } from "../http/client-address";
import type { Limits } from "../limits";
import type { Logger } from "../logger";
import { memoryLimitStore, perMinuteLimit, perSecondLimit, type RateLimit, type RateLimitStore } from "./memory-limits";
import type { AppSocket, SocketMiddleware } from "./socket-server";

function refusal(message: string): Error {
  const error = new Error(message);
  (error as Error & { data: unknown }).data = { code: ErrorCode.RATE_LIMITED };
  return error;
}

/**
 * Abuse limits for live sessions that span sockets: per client address (connections, open sockets, joins, commands)
 * and per player (commands across that player's devices, how many devices). Per-socket limits live in the command
 * router; per-round guess caps live in the session's folded state.
 *
 * The address is the socket's own unless TRUST_PROXY says how many proxies' X-Forwarded-For hops to believe.
 * The rate limits count in `store`: this process by default, Redis across a cluster.
 */
export class LiveGuard {
  private readonly addresses = new WeakMap<AppSocket, string>();
  // Open sockets stay counted per node even in a cluster: a shared count would leak the slots of a node that dies.
  private readonly openSockets = new Map<string, number>();
  private readonly connections: RateLimit;
  private readonly joins: RateLimit;
  private readonly addressCommands: RateLimit;
  private readonly playerCommands: RateLimit;

  constructor(
    private readonly limits: Limits,
    private readonly trustProxy: number,
    private readonly log: Logger,
    store: RateLimitStore = memoryLimitStore,
  ) {
    this.connections = perMinuteLimit(limits.connectionsPerAddressPerMinute, store, "connections");
    this.joins = perMinuteLimit(limits.joinsPerAddressPerMinute, store, "joins");
    this.addressCommands = perSecondLimit(limits.commandsPerAddressPerSecond, store, "address-commands");
    this.playerCommands = perSecondLimit(limits.commandsPerPlayerPerSecond, store, "player-commands");
  }

  get devicesPerPlayer(): number {
    return this.limits.devicesPerPlayer;
  }

  addressOf(socket: AppSocket): string {
    let address = this.addresses.get(socket);
    if (address === undefined) {
      address = clientAddress(socket.handshake.headers, socket.handshake.address, this.trustProxy);
      this.addresses.set(socket, address);
    }
    return address;
  }

  /** Socket middleware: new connections per minute and sockets open at once, per address. */
  readonly connectionGuard: SocketMiddleware = (socket, next) => {
    const address = this.addressOf(socket);
    const open = this.openSockets.get(address) ?? 0;
    if (open >= this.limits.socketsPerAddress) {
      this.log.debug("connection refused: too many open sockets", { address, open });
      return next(refusal("Too many connections from your network at once; try again shortly"));
    }
    void this.connections.consume(address).then(
      (allowed) => {
        if (!allowed) {
          this.log.debug("connection refused: connection rate", { address });
          return next(refusal("Too many new connections from your network; try again in a minute"));
        }
        this.openSockets.set(address, (this.openSockets.get(address) ?? 0) + 1);
        // The engine connection closes in every case (refused later, disconnected, timed out): release the slot once.
        socket.conn.once("close", () => {
          const left = (this.openSockets.get(address) ?? 1) - 1;
          if (left > 0) this.openSockets.set(address, left);
          else this.openSockets.delete(address);
        });
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };

  /** Commands per second per address (all its sockets) and per player (all their devices). */
  async admitCommand(socket: AppSocket): Promise<boolean> {
    if (!(await this.addressCommands.consume(this.addressOf(socket)))) return false;
    const { sessionId, playerId, role } = socket.data;
    if (role === "player" && sessionId && playerId) return this.playerCommands.consume(`${sessionId}:${playerId}`);
    return true;
  }

  /** Joins per minute per address. */
  admitJoin(socket: AppSocket): Promise<boolean> {
    return this.joins.consume(this.addressOf(socket));
  }
}
