import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { ErrorCode, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/protocol";
import type { InFlight } from "../in-flight";
import type { Logger } from "../logger";
import type { AllowRequest } from "./origin-guard";
import { SERVER_VERSION } from "../version";
import { bindCommands, type CommandHandlers } from "./command-router";
import { jsonOnlyParser } from "./json-parser";

/** What a connection is, once it attached to a session: its host console or one player's phone. */
export type SocketData = { sessionId?: string; role?: "host" | "player"; playerId?: string };
/** Node-to-node events through the adapter (cluster mode only). */
export type InterServerEvents = { "session:drop": (sessionId: string, message: string) => void };
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Largest single message a client may send; anything bigger closes that client's connection (Socket.IO's own guard). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** A connection guard run before the protocol check (origin, per-address limits…); call next(error) to refuse. */
export type SocketMiddleware = (socket: AppSocket, next: (error?: Error) => void) => void;

export function attachSocketServer(
  httpServer: HttpServer,
  handlers: CommandHandlers,
  deps: {
    log: Logger;
    inFlight: InFlight;
    onDisconnect: (socket: AppSocket) => void;
    /** Guards, in order, for every new connection. */
    middlewares?: readonly SocketMiddleware[];
    /** Handshake check (origin) for every polling request and WebSocket upgrade, before any middleware. */
    allowRequest?: AllowRequest;
    /** Cluster mode: Socket.IO's Redis adapter, so rooms, kicks and deletions reach every node's sockets. */
    adapter?: ServerOptions["adapter"];
  },
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    // No CORS headers: a page on another origin cannot read polling responses (and allowRequest refuses it anyway).
    cors: { origin: false },
    allowRequest: deps.allowRequest,
    parser: jsonOnlyParser,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  for (const middleware of deps.middlewares ?? []) io.use(middleware);

  // Refuse clients speaking another protocol version before any command reaches a handler.
  io.use((socket, next) => {
    const version = (socket.handshake.auth as { protocolVersion?: unknown } | undefined)?.protocolVersion;
    if (version !== PROTOCOL_VERSION) {
      const error = new Error(`This page speaks protocol ${String(version)}; the server speaks ${PROTOCOL_VERSION}. Reload.`);
      (error as Error & { data: unknown }).data = { code: ErrorCode.PROTOCOL_MISMATCH };
      return next(error);
    }
    next();
  });

  io.on("connection", (socket) => {
    deps.log.debug("socket connected", { socket: socket.id });
    socket.emit("server:hello", { protocolVersion: PROTOCOL_VERSION, serverVersion: SERVER_VERSION });
    bindCommands(socket, handlers, deps);
    socket.on("disconnect", () => deps.onDisconnect(socket));
  });
  return io;
}
