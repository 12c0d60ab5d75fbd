"use client";
import { io, type Socket } from "socket.io-client";
// Types only from the protocol barrel, and the version from its own module: the barrel's view schemas would pull
// zod and the engine's config schemas (~30 kB gzip) into every page, the phone's included.
import type {
  Ack,
  ClientCommandName,
  ClientToServerEvents,
  CommandRequest,
  CommandResponse,
  ServerToClientEvents,
} from "@/lib/protocol";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import { RECONNECT } from "./reconnect-timing";

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One Socket.IO connection to this same origin. Socket.IO retries lost transports by itself, on the shared back-off;
 * the cases it leaves alone (the server's graceful shutdown, a refusal) are ConnectionKeeper's (keep-connected.ts),
 * which every page uses instead of calling this directly.
 *
 * `affinity` is the session's join code when the page knows it: sent as `room=<CODE>` in every request's query, so a
 * load balancer can send all of one session's sockets to the same node (deploy/haproxy.cfg). Any node works without.
 */
export function connect(affinity?: string): AppSocket {
  return io({
    auth: { protocolVersion: PROTOCOL_VERSION },
    ...(affinity ? { query: { room: affinity } } : {}),
    reconnection: true,
    reconnectionDelay: RECONNECT.firstMs,
    reconnectionDelayMax: RECONNECT.maxMs,
    randomizationFactor: RECONNECT.jitter,
    timeout: 10_000,
  });
}

const TIMEOUT_ACK = { ok: false, code: "UNAVAILABLE", message: "No answer from the server; check your connection" } as const;

/** Sends a command and resolves with its acknowledgement; a lost connection resolves with UNAVAILABLE, never hangs. */
export async function send<K extends ClientCommandName>(
  socket: AppSocket,
  event: K,
  payload: CommandRequest<K>,
  timeoutMs = 8000,
): Promise<Ack<CommandResponse<K>>> {
  try {
    // Socket.IO's typed emitWithAck cannot see through our mapped event type; the shapes are the ones declared.
    const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
    return (await timed.emitWithAck(event, payload)) as Ack<CommandResponse<K>>;
  } catch {
    return TIMEOUT_ACK;
  }
}
