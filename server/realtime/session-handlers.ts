import {
  ackError,
  ErrorCode,
  HOST_COMMANDS,
  nicknameKey,
  type ClientCommandName,
  type HostCommandName,
} from "@/lib/protocol";
import { activePlayers } from "@/lib/session";
import { hashToken, newPlayerId, newToken, tokenMatches } from "../sessions/secrets";
import type { SessionHub } from "../sessions/session-hub";
import type { SessionRoom } from "../sessions/session-room";
import type { CommandHandler, CommandHandlers, CommandResult } from "./command-router";
import type { AppSocket } from "./socket-server";

const notFound = () => ackError(ErrorCode.SESSION_NOT_FOUND, "That session does not exist (check the code)");

/** Socket commands on top of the hub. A socket is bound to one session as its host or as one player. */
export function sessionHandlers(hub: SessionHub): { handlers: CommandHandlers; onDisconnect: (socket: AppSocket) => void } {
  const unbind = async (socket: AppSocket) => {
    const { sessionId } = socket.data;
    if (sessionId) (await hub.get(sessionId).catch(() => null))?.detach(socket);
    socket.data = {};
  };
  const bind = async (socket: AppSocket, room: SessionRoom, role: "host" | "player", playerId?: string) => {
    if (socket.data.sessionId) await unbind(socket);
    socket.data = { sessionId: room.id, role, playerId };
  };
  const roomOf = async (socket: AppSocket, role: "host" | "player") => {
    if (socket.data.role !== role || !socket.data.sessionId) return null;
    return hub.get(socket.data.sessionId);
  };

  const hostCommand = <K extends HostCommandName>(name: K): CommandHandler<K> =>
    (async (payload, socket) => {
      const room = await roomOf(socket, "host");
      if (!room) return ackError(ErrorCode.NOT_HOST, "Only the session's host can do that");
      return room.enqueue({ kind: "host", name, payload } as Parameters<SessionRoom["enqueue"]>[0]);
    }) as CommandHandler<K>;

  const hostHandlers = Object.fromEntries(HOST_COMMANDS.map((name) => [name, hostCommand(name)])) as {
    [K in HostCommandName]: CommandHandler<K>;
  };

  const handlers: CommandHandlers = {
    ...hostHandlers,

    "session:lookup": async ({ code }) => {
      const room = await hub.findByJoinCode(code);
      if (!room) return ackError(ErrorCode.SESSION_NOT_FOUND, `No session has the code ${code}`);
      const state = room.snapshot;
      return {
        ok: true,
        session: {
          id: room.id,
          joinCode: room.joinCode,
          status: state.status,
          playerCount: activePlayers(state).length,
          createdAt: new Date(state.createdAt).toISOString(),
        },
      };
    },

    "player:join": async ({ code, nickname }, socket) => {
      const room = await hub.findByJoinCode(code);
      if (!room) return notFound();
      const playerToken = newToken();
      const player = { id: newPlayerId(), nickname, nicknameKey: nicknameKey(nickname), tokenHash: hashToken(playerToken) };
      const result = await room.enqueue({ kind: "join", player });
      if (!result.ok) return result;
      await bind(socket, room, "player", player.id);
      const view = room.attachPlayer(socket, player.id)!;
      return { ok: true, sessionId: room.id, playerId: player.id, playerToken, view };
    },

    "player:resume": async ({ sessionId, playerToken }, socket) => {
      const room = await hub.get(sessionId);
      if (!room) return notFound();
      const playerId = room.playerIdForToken(hashToken(playerToken));
      if (!playerId) return ackError(ErrorCode.INVALID_TOKEN, "This phone's player is not part of that session");
      if (room.snapshot.players.get(playerId)?.kicked)
        return ackError(ErrorCode.PLAYER_KICKED, "You were removed from this session");
      await bind(socket, room, "player", playerId);
      const view = room.attachPlayer(socket, playerId)!;
      return { ok: true, sessionId: room.id, playerId, view };
    },

    "guess:submit": async ({ alpha }, socket) => {
      const room = await roomOf(socket, "player");
      if (!room) return ackError(ErrorCode.NOT_PLAYER, "Join the session before guessing");
      return room.enqueue({ kind: "guess", playerId: socket.data.playerId!, alpha }) as Promise<CommandResult<"guess:submit">>;
    },

    "host:attach": async ({ sessionId, hostToken }, socket) => {
      const room = await hub.get(sessionId);
      if (!room) return notFound();
      if (!tokenMatches(hostToken, room.hostTokenHash)) return ackError(ErrorCode.NOT_HOST, "That host token does not belong to this session");
      room.setBaseUrl(hub.baseUrl(socket.handshake.headers));
      await bind(socket, room, "host");
      return { ok: true, view: room.attachHost(socket) };
    },
  } satisfies { [K in ClientCommandName]: CommandHandler<K> };

  return { handlers, onDisconnect: (socket) => void unbind(socket) };
}
