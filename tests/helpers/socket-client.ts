import { io, type Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientCommandName,
  type ClientToServerEvents,
  type CommandRequest,
  type CommandResponse,
  type ServerToClientEvents,
} from "@/lib/protocol";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A connected socket.io-client speaking our protocol version over websocket (as phones do after the upgrade). */
export async function connectClient(url: string, auth: Record<string, unknown> = {}): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
  return socket;
}

/** Emits any event (typed or not) and resolves with its acknowledgement, failing after timeoutMs. */
export function request<T = unknown>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5_000).emitWithAck(event, ...args) as Promise<T>;
}

/**
 * A declared command with its payload and acknowledgement typed from the event maps (lib/protocol/commands.ts), so a
 * test that sends the wrong shape or reads a field the response does not have fails the type check.
 */
export function command<K extends ClientCommandName>(
  socket: TestSocket,
  event: K,
  payload: CommandRequest<K>,
): Promise<Ack<CommandResponse<K>>> {
  return request<Ack<CommandResponse<K>>>(socket as unknown as Socket, event, payload);
}
