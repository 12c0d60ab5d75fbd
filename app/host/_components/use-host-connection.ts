"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ConnectionStatus as LinkStatus } from "@/app/_components/ui/connection-badge";
import { ConnectionKeeper } from "@/app/_lib/keep-connected";
import { send, type AppSocket } from "@/app/_lib/realtime";
import { newCommandId } from "@/app/_lib/join-key";
import { reconnectDelay } from "@/app/_lib/reconnect-timing";
import type { Ack, CommandRequest, CommandResponse, HostCommandName, HostPatch, HostView } from "@/lib/protocol";
import { HostViewCopy } from "@/lib/session/host-view-patch";

export type ConnectionStatus =
  /** First connection or re-attaching after a reconnect. */
  | "connecting"
  | "online"
  /** Lost the socket; the connection keeper is bringing it back. */
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
/** A console woken up (laptop lid opened) may hold a dead link that still looks connected: probe it briefly. */
const WAKE_PROBE_MS = 4000;

type State = Omit<HostConnection, "run">;

/** The keeper's honest link status in the console's words; "online" only once host:attach was acknowledged. */
const FROM_LINK: Record<LinkStatus, ConnectionStatus> = {
  connecting: "connecting",
  connected: "online",
  reconnecting: "offline",
  offline: "offline",
};

/**
 * Keeps the console attached: host:attach on every (re)connect — the ConnectionKeeper (shared with the phone) brings
 * the socket back after drops and after the server's graceful restart — gives a snapshot, then host:patch messages
 * carry what changed (a patch on another revision than the one held asks for a fresh snapshot). A view older than the
 * one shown (lower seq) is not shown. When the engine checksum has not
 * changed, the previous engine object is kept so that pictures memoised on it are not recomputed.
 */
export function useHostConnection(sessionId: string, hostToken: string, joinCode?: string): HostConnection {
  const [state, setState] = useState<State>({ status: "connecting", problem: null, view: null, clockOffset: 0 });
  const socketRef = useRef<AppSocket | null>(null);

  useEffect(() => {
    let disposed = false;
    let refused = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    /** Bumped on every connect: an attach answer from an older connection is ignored. */
    let epoch = 0;
    const copy = new HostViewCopy();
    let resyncing = false;

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

    const attach = async (probeMs?: number) => {
      const mine = epoch;
      clearTimeout(retry);
      const ack = await send(keeper.socket, "host:attach", { sessionId, hostToken }, probeMs);
      if (disposed || mine !== epoch) return;
      if (ack.ok) {
        attempt = 0;
        accept(copy.snapshot(ack));
        setState((s) => ({ ...s, status: "online", problem: null }));
        keeper.attached();
      } else if (REFUSALS.has(ack.code)) {
        refused = true;
        setState((s) => ({ ...s, status: "refused", problem: ack.message }));
        keeper.halt();
      } else if (ack.code === "UNAVAILABLE" && keeper.socket.connected) {
        // No answer on a socket that looks connected: the link is dead.
        keeper.reconnectNow();
      } else {
        // A server hiccup: show it, and try again on the same socket after the shared back-off.
        setState((s) => ({ ...s, status: "offline", problem: ack.message }));
        retry = setTimeout(() => {
          if (!disposed && mine === epoch && keeper.socket.connected) void attach();
        }, reconnectDelay(attempt++));
      }
    };

    const keeper = new ConnectionKeeper({
      affinity: joinCode, // the balancer keeps the console with its session's phones
      onConnect: () => {
        epoch++;
        void attach();
      },
      onDisconnect: () => clearTimeout(retry),
      onStatus: (link) => !disposed && !refused && setState((s) => ({ ...s, status: FROM_LINK[link] })),
      onWakeConnected: () => void attach(WAKE_PROBE_MS),
      onRefused: (code, error) => {
        if (code !== "PROTOCOL_MISMATCH") return "retry";
        refused = true;
        setState((s) => ({ ...s, status: "refused", problem: error.message }));
        return "stop";
      },
    });
    socketRef.current = keeper.socket;
    keeper.socket.on("host:patch", (patch: HostPatch) => {
      const result = copy.receive(patch);
      if (result !== "resync") accept(result.applied);
      else if (!resyncing) {
        resyncing = true;
        void attach().finally(() => (resyncing = false));
      }
    });

    return () => {
      disposed = true;
      clearTimeout(retry);
      keeper.stop();
      socketRef.current = null;
    };
  }, [sessionId, hostToken, joinCode]);
  const run = useCallback(
    async <K extends HostCommandName>(event: K, payload: CommandRequest<K>): Promise<Ack<CommandResponse<K>>> => {
      const socket = socketRef.current;
      if (!socket || !socket.connected)
        return { ok: false, code: "UNAVAILABLE", message: "Not connected to the server; wait for it to come back" };
      // Each click is one action: its key makes a resend of the same packet (after a reconnect) harmless.
      return send(socket, event, { ...(payload ?? {}), commandId: newCommandId() } as CommandRequest<K>);
    },
    [],
  );

  return { ...state, run };
}
