import type { AppSocket } from "./socket-server";

/** Socket.IO room of every screen attached to a session (host and phones), on every node through the adapter. */
export const sessionRoomName = (sessionId: string) => `s:${sessionId}`;
/** Socket.IO room of one player's devices. */
export const playerRoomName = (sessionId: string, playerId: string) => `p:${sessionId}:${playerId}`;

/** Puts a socket in the Socket.IO rooms its binding (socket.data) names, leaving any earlier ones. */
export function enterRooms(socket: AppSocket): void {
  for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
  const { sessionId, role, playerId } = socket.data;
  if (!sessionId) return;
  void socket.join(sessionRoomName(sessionId));
  if (role === "player" && playerId) void socket.join(playerRoomName(sessionId, playerId));
}
