"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { connect, send, type AppSocket } from "@/app/_lib/realtime";
import type { Ack, CommandRequest, CommandResponse, HostCommandName, HostView } from "@/lib/protocol";

export type ConnectionStatus =
  /** First connection or re-attaching after a reconnect. */
  | "connecting"
  | "online"
  /** Lost the socket; Socket.IO keeps retrying by itself. */
  | "offline"
  /** The server refused this host token or session: retrying would not help. */
  | "refused";

export type HostConnection = {
  status: ConnectionStatus;
  /** Why the server refused, or the last attach error. */
  problem: string | null;
  view: HostView | null;
  /** serverNow − Date.now() when the latest view arrived: turns server deadlines into local time. */
  clockOffset: number;
  run: <K extends HostCommandName>(event: K, payload: CommandRequest<K>) => Promise<Ack<CommandResponse<K>>>;
};

const REFUSALS = new Set(["INVALID_TOKEN", "SESSION_NOT_FOUND", "NOT_HOST", "PROTOCOL_MISMATCH"]);

type State = Omit<HostConnection, "run">;

/**
 * Keeps the console attached: host:attach on every (re)connect, then the pushed host:view snapshots.
 * Views are whole snapshots; an older one (lower seq) arriving late is ignored. When the engine checksum has not
 * changed, the previous engine object is kept so that pictures memoised on it are not recomputed.
 */
export function useHostConnection(sessionId: string, hostToken: string): HostConnection {
  const [state, setState] = useState<State>({ status: "connecting", problem: null, view: null, clockOffset: 0 });
  const socketRef = useRef<AppSocket | null>(null);

  useEffect(() => {
    const socket = connect();
    socketRef.current = socket;
    let disposed = false;

    const accept = (incoming: HostView) => {
      if (disposed) return;
      const offset = incoming.serverNow - Date.now();
      setState((s) => {
        const previous = s.view;
        if (previous && incoming.seq < previous.seq) return s;
        const view =
          previous && previous.checksum === incoming.checksum ? { ...incoming, engine: previous.engine } : incoming;
        return { ...s, view, clockOffset: offset };
      });
    };

    const attach = async () => {
      setState((s) => ({ ...s, status: "connecting" }));
      const ack = await send(socket, "host:attach", { sessionId, hostToken });
      if (disposed) return;
      if (ack.ok) {
        accept(ack.view);
        setState((s) => ({ ...s, status: "online", problem: null }));
      } else if (REFUSALS.has(ack.code)) {
        setState((s) => ({ ...s, status: "refused", problem: ack.message }));
        socket.disconnect();
      } else {
        // Timeouts and server hiccups: show it, and try again shortly on the same socket.
        setState((s) => ({ ...s, status: "offline", problem: ack.message }));
        setTimeout(() => {
          if (!disposed && socket.connected) void attach();
        }, 2000);
      }
    };

    socket.on("connect", () => void attach());
    socket.on("disconnect", () => !disposed && setState((s) => (s.status === "refused" ? s : { ...s, status: "offline" })));
    socket.on("connect_error", () => !disposed && setState((s) => (s.status === "refused" ? s : { ...s, status: "offline" })));
    socket.on("host:view", accept);

    return () => {
      disposed = true;
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [sessionId, hostToken]);

  const run = useCallback(
    async <K extends HostCommandName>(event: K, payload: CommandRequest<K>): Promise<Ack<CommandResponse<K>>> => {
      const socket = socketRef.current;
      if (!socket || !socket.connected)
        return { ok: false, code: "UNAVAILABLE", message: "Not connected to the server; wait for it to come back" };
      return send(socket, event, payload);
    },
    [],
  );

  return { ...state, run };
}
