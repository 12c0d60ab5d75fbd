import type { IncomingMessage, Server as HttpServer } from "node:http";
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
    // WebSocket compression off, explicitly (engine.io 6 and ws already default to off): deflating every view for
    // every phone costs CPU and a zlib context per connection, on a LAN where bandwidth is not what is short.
    perMessageDeflate: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  // The engine connection's first HTTP request is released once its socket connected (below). A second Socket.IO
  // connection over the same engine connection (no real client does this; ours open a new one after a disconnect)
  // would get a handshake without headers — no X-Forwarded-For for the per-address limits — so it is refused.
  io.use((socket, next) => {
    if (socket.conn.request) return next();
    const error = new Error("Reconnect: this connection was already used");
    (error as Error & { data: unknown }).data = { code: ErrorCode.UNAVAILABLE };
    next(error);
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
    releaseRequest(socket);
    deps.log.debug("socket connected", { socket: socket.id });
    socket.emit("server:hello", { protocolVersion: PROTOCOL_VERSION, serverVersion: SERVER_VERSION });
    bindCommands(socket, handlers, deps);
    socket.on("disconnect", () => deps.onDisconnect(socket));
  });
  return io;
}

/**
 * Drops the engine connection's reference to its first HTTP request, as Socket.IO's "Memory usage" page advises: it
 * would be held for the connection's lifetime, per phone. Not on engine.io's "connection" event as that page shows:
 * Socket.IO builds socket.handshake (headers, address) from this request later, when the client's CONNECT arrives.
 * Once connected, everything this server reads is in the handshake: headers (X-Forwarded-For/-Host/-Proto for the
 * client's address and the join link), address, auth. Origins are checked per HTTP request by allowRequest.
 * Measured at 1,000 connections that start with polling (the pages' default) and upgrade: 16.1 → 12.5 KB of heap per
 * connection. A connection opened straight as a WebSocket gains nothing: engine.io 6.6's upgrade response keeps that
 * request reachable from the TCP socket's "close" listener anyway.
 */
function releaseRequest(socket: AppSocket): void {
  (socket.conn as { request: IncomingMessage | null }).request = null;
}
