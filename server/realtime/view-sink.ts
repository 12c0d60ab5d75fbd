import type { Socket } from "socket.io";
import type { ServerToClientEvents } from "@/lib/protocol";
import type { ViewSink } from "../sessions/session-room";
import type { AppSocket } from "./socket-server";

/**
 * A socket as a room's ViewSink. The room hands phones' messages over pre-encoded (PreEncoded<StudentView>…), which
 * the socket's typed emit (plain payloads, from lib/protocol's event map) does not take: this is the one place that
 * passes them through untyped, because json-parser.ts writes each one as the plain payload it encodes, so the client
 * still receives exactly what its event map declares.
 */
class SocketSink implements ViewSink {
  constructor(private readonly socket: AppSocket) {}

  get id(): string {
    return this.socket.id;
  }

  emit(event: keyof ServerToClientEvents, payload: unknown): boolean {
    return (this.socket as unknown as Socket).emit(event, payload);
  }
}

const sinks = new WeakMap<AppSocket, ViewSink>();

/** The sink of a socket: always the same object, so a room detaches the sink it attached. */
export function viewSinkOf(socket: AppSocket): ViewSink {
  let sink = sinks.get(socket);
  if (!sink) sinks.set(socket, (sink = new SocketSink(socket)));
  return sink;
}
