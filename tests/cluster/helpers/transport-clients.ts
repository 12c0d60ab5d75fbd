import { io } from "socket.io-client";
import { PROTOCOL_VERSION, type CreateSessionResponse } from "@/lib/protocol";
import { attachHostOn, joinStudentOn, type Host, type Student } from "../../helpers/lesson";
import type { TestSocket } from "../../helpers/socket-client";

export type Transport = "websocket" | "polling";
/** How a client reaches the balancer: one transport, and the join code as affinity key (or none). */
export type Route = { transport: Transport; room?: string };

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
    // An attempt that lands on a node in the instant it stops gives up after 5 s (not Socket.IO's 20 s), so the
    // retries below reach another node within the test's time.
    timeout: 5_000,
    query: route.room ? { room: route.room } : {},
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
  await new Promise<void>((resolve, reject) => {
    // Socket.IO's `timeout` covers only the transport's open: a node that stops after it and before answering the
    // namespace's CONNECT leaves the client waiting for ever (its own reconnection would open again; this one has none).
    const deadline = setTimeout(() => fail(new Error("no Socket.IO CONNECT answer within 7 s")), 7_000);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      socket.close();
      reject(error);
    };
    socket.once("connect", () => {
      clearTimeout(deadline);
      resolve();
    });
    socket.once("connect_error", fail);
  });
  return socket;
}

export type RoutedHost = Host;
export type RoutedStudent = Student;

export async function attachHostVia(url: string, route: Route, created: CreateSessionResponse): Promise<RoutedHost> {
  return attachHostOn(await connectVia(url, route), created);
}

/** Joins as a phone does: a session whose node just froze answers UNAVAILABLE until another node takes it over. */
export async function joinStudentVia(url: string, route: Route, joinCode: string, nickname: string): Promise<RoutedStudent> {
  return joinStudentOn(await connectVia(url, route), joinCode, nickname, { retryUnavailableMs: 20_000 });
}
