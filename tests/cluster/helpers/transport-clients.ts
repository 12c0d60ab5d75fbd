import { io } from "socket.io-client";
import { PROTOCOL_VERSION, type CreateSessionResponse, type HostView, type StudentView } from "@/lib/protocol";
import { ViewLog } from "../../helpers/lesson";
import { request, type TestSocket } from "../../helpers/socket-client";

export type Transport = "websocket" | "polling";
/** How a client reaches the balancer: one transport, and the join code as affinity key (or none). */
export type Route = { transport: Transport; room?: string };

type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/**
 * A socket.io-client on one transport only (no upgrade), with `room=<JOINCODE>` in its query when given — as the
 * app's pages do. withCredentials keeps a cookie jar (Node's client has one only then), as a browser would, so the
 * balancer's sticky cookie works for clients without a room.
 */
/**
 * Connects through the balancer, trying again a few times as Socket.IO's own reconnection would: a connection that
 * reached a node in the instant it began draining fails once, and the next one is sent elsewhere.
 */
export async function connectVia(url: string, route: Route, attempts = 5): Promise<TestSocket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(url, route);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function connectOnce(url: string, route: Route): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: [route.transport],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    withCredentials: true,
    query: route.room ? { room: route.room } : {},
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
  return socket;
}

type Send = (event: string, payload?: unknown) => Promise<AckLike>;
export type RoutedHost = { socket: TestSocket; views: ViewLog<HostView>; send: Send };
export type RoutedStudent = { socket: TestSocket; views: ViewLog<StudentView>; send: Send; playerId: string };

const sender = (socket: TestSocket) => (event: string, payload: unknown = {}) => request<AckLike>(socket, event, payload);

export async function attachHostVia(url: string, route: Route, created: CreateSessionResponse): Promise<RoutedHost> {
  const socket = await connectVia(url, route);
  const views = new ViewLog<HostView>();
  socket.on("host:view", (v) => views.push(v));
  const ack = await request<AckLike & { view: HostView }>(socket, "host:attach", { sessionId: created.sessionId, hostToken: created.hostToken });
  if (!ack.ok) throw new Error(`host:attach failed: ${ack.code} ${ack.message}`);
  views.push(ack.view);
  return { socket, views, send: sender(socket) };
}

export async function joinStudentVia(url: string, route: Route, joinCode: string, nickname: string): Promise<RoutedStudent> {
  const socket = await connectVia(url, route);
  const views = new ViewLog<StudentView>();
  socket.on("player:view", (v) => views.push(v));
  const ack = await request<AckLike & { view: StudentView; playerId: string }>(socket, "player:join", { code: joinCode, nickname });
  if (!ack.ok) throw new Error(`player:join failed: ${ack.code} ${ack.message}`);
  views.push(ack.view);
  return { socket, views, send: sender(socket), playerId: ack.playerId };
}
