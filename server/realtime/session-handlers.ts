import {
  ackError,
  ErrorCode,
  HOST_COMMANDS,
  type ClientCommandName,
  type CommandRequestParsed,
  type HostCommandName,
} from "@/lib/protocol";
import { nicknameKey } from "@/lib/protocol/nickname-key";
import { sessionSummary } from "@/lib/session";
import { hashToken, newPlayerId, newToken, tokenMatches } from "../sessions/secrets";
import type { SessionHub } from "../sessions/session-hub";
import type { SessionRoom } from "../sessions/session-room";
import type { LiveGuard } from "./live-guard";
import type { CommandHandler, CommandHandlers, CommandResult } from "./command-router";
import type { AppSocket } from "./socket-server";
import { enterRooms } from "./socket-rooms";
import { viewSinkOf } from "./view-sink";

const notFound = () => ackError(ErrorCode.SESSION_NOT_FOUND, "That session does not exist (check the code)");

/** What the handlers need from the live abuse guard (server/realtime/live-guard.ts). */
export type JoinGuard = Pick<LiveGuard, "admitJoin" | "devicesPerPlayer">;

const tooManyDevices = (limit: number) =>
  ackError(ErrorCode.TOO_MANY_DEVICES, `This player is already open on ${limit} devices; close one first`);

/** Socket commands on top of the hub. A socket is bound to one session as its host or as one player. */
export function sessionHandlers(
  hub: SessionHub,
  guard: JoinGuard,
): { handlers: CommandHandlers; onDisconnect: (socket: AppSocket) => void } {
  const unbind = async (socket: AppSocket) => {
    const { sessionId } = socket.data;
    if (sessionId) (await hub.get(sessionId).catch(() => null))?.detach(viewSinkOf(socket));
    socket.data = {};
    enterRooms(socket);
  };
  const bind = async (socket: AppSocket, room: SessionRoom, role: "host" | "player", playerId?: string) => {
    if (socket.data.sessionId) await unbind(socket);
    socket.data = { sessionId: room.id, role, playerId };
    enterRooms(socket);
  };
  const roomOf = async (socket: AppSocket, role: "host" | "player") => {
    if (socket.data.role !== role || !socket.data.sessionId) return null;
    return hub.get(socket.data.sessionId);
  };

  const hostCommand =
    <K extends HostCommandName>(name: K): CommandHandler<K> =>
    async (payload, socket) => {
      const room = await roomOf(socket, "host");
      if (!room) return ackError(ErrorCode.NOT_HOST, "Only the session's host can do that");
      return room.enqueue({ kind: "host", name, payload });
    };

  const hostHandlers = Object.fromEntries(HOST_COMMANDS.map((name) => [name, hostCommand(name)])) as {
    [K in HostCommandName]: CommandHandler<K>;
  };

  const joining = new WeakMap<AppSocket, { joinKey: string | undefined; done: Promise<CommandResult<"player:join">> }>();
  const join = async (
    { code, nickname, joinKey }: CommandRequestParsed<"player:join">,
    socket: AppSocket,
  ): Promise<CommandResult<"player:join">> => {
    // With a join key the token is derived from it (key + session id): a retry with the same key is the same player,
    // and one key reused in another session cannot collide with this one's token (token hashes are unique).
    const tokenFor = (room: SessionRoom) => (joinKey ? `${joinKey}${room.id}` : newToken());
    if (socket.data.role) {
      // One connection, one player: only the retry of this socket's own join (ack lost, same key) is answered.
      const own = socket.data.role === "player" && socket.data.sessionId ? await hub.get(socket.data.sessionId) : null;
      const ownToken = own && joinKey ? tokenFor(own) : undefined;
      if (own && ownToken && own.joinCode === code && own.playerIdForToken(hashToken(ownToken)) === socket.data.playerId) {
        if (own.snapshot.players.get(socket.data.playerId!)?.kicked)
          return ackError(ErrorCode.PLAYER_KICKED, "You were removed from this session");
        const view = own.studentView(socket.data.playerId!);
        if (view) return { ok: true, sessionId: own.id, playerId: socket.data.playerId!, playerToken: ownToken, view };
      }
      return ackError(ErrorCode.ALREADY_JOINED, "This connection already joined a session; reload the page to join again");
    }
    if (!(await guard.admitJoin(socket)))
      return ackError(ErrorCode.RATE_LIMITED, "Too many players joined from your network just now; try again in a minute");
    const room = await hub.findByJoinCode(code);
    if (!room) return notFound();
    const playerToken = tokenFor(room);
    const tokenHash = hashToken(playerToken);
    const player = { id: newPlayerId(), nickname, nicknameKey: nicknameKey(nickname), tokenHash };
    const result = await room.enqueue({ kind: "join", player });
    if (!result.ok) return result;
    const { playerId } = result;
    // Checked again after the await: a host:attach or resume may have bound this socket meanwhile.
    if (socket.data.role) return ackError(ErrorCode.ALREADY_JOINED, "This connection already joined a session");
    if (playerId !== player.id && room.deviceCount(playerId) >= guard.devicesPerPlayer) return tooManyDevices(guard.devicesPerPlayer);
    socket.data = { sessionId: room.id, role: "player", playerId };
    enterRooms(socket);
    const view = room.attachPlayer(viewSinkOf(socket), playerId);
    if (!view) {
      // A cluster node whose copy has not caught up with the join yet (rare): the retry with the same key is harmless.
      room.detach(viewSinkOf(socket));
      socket.data = {};
      enterRooms(socket);
      return ackError(ErrorCode.UNAVAILABLE, "Joined, but this server is still catching up; try again in a moment");
    }
    return { ok: true, sessionId: room.id, playerId, playerToken, view };
  };

  const handlers: CommandHandlers = {
    ...hostHandlers,

    "session:lookup": async ({ code }) => {
      const room = await hub.findByJoinCode(code);
      if (!room) return ackError(ErrorCode.SESSION_NOT_FOUND, `No session has the code ${code}`);
      return { ok: true, session: sessionSummary(room.snapshot, { sessionId: room.id, joinCode: room.joinCode }) };
    },

    "player:join": (payload, socket) => {
      // One join at a time per connection: a second one sent before the first is answered would create a second
      // player. The same key again (a client retrying) shares the first one's answer.
      const inFlight = joining.get(socket);
      if (inFlight)
        return inFlight.joinKey !== undefined && inFlight.joinKey === payload.joinKey
          ? inFlight.done
          : Promise.resolve(ackError(ErrorCode.ALREADY_JOINED, "This connection is already joining a session"));
      const done = join(payload, socket).finally(() => joining.delete(socket));
      joining.set(socket, { joinKey: payload.joinKey, done });
      return done;
    },

    "player:resume": async ({ sessionId, playerToken }, socket) => {
      const room = await hub.get(sessionId);
      if (!room) return notFound();
      const playerId = room.playerIdForToken(hashToken(playerToken));
      if (!playerId) return ackError(ErrorCode.INVALID_TOKEN, "This phone's player is not part of that session");
      if (room.snapshot.players.get(playerId)?.kicked)
        return ackError(ErrorCode.PLAYER_KICKED, "You were removed from this session");
      if (socket.data.sessionId) await unbind(socket);
      // No await between the count and the attach, so concurrent resumes cannot both slip under the cap.
      if (room.deviceCount(playerId) >= guard.devicesPerPlayer) return tooManyDevices(guard.devicesPerPlayer);
      socket.data = { sessionId: room.id, role: "player", playerId };
      enterRooms(socket);
      const view = room.attachPlayer(viewSinkOf(socket), playerId)!;
      return { ok: true, sessionId: room.id, playerId, view };
    },

    "guess:submit": async ({ alpha, beta, commandId }, socket) => {
      const room = await roomOf(socket, "player");
      if (!room) return ackError(ErrorCode.NOT_PLAYER, "Join the session before guessing");
      // The schema lets exactly one through; decide checks it is the kind the open round asks for.
      const value = beta !== undefined ? { beta } : { alpha: alpha! };
      return room.enqueue({ kind: "guess", playerId: socket.data.playerId!, ...value, from: socket.id, commandId });
    },

    "host:attach": async ({ sessionId, hostToken }, socket) => {
      const room = await hub.get(sessionId);
      if (!room) return notFound();
      if (!tokenMatches(hostToken, room.hostTokenHash)) return ackError(ErrorCode.NOT_HOST, "That host token does not belong to this session");
      room.setBaseUrl(hub.baseUrl(socket.handshake.headers));
      await bind(socket, room, "host");
      await room.prepareForConsole();
      return { ok: true, ...room.attachHost(viewSinkOf(socket)) };
    },
  } satisfies { [K in ClientCommandName]: CommandHandler<K> };

  return { handlers, onDisconnect: (socket) => void unbind(socket) };
}
