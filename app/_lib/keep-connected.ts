"use client";
import type { ConnectionStatus } from "@/app/_components/ui/connection-badge";
import { connect, type AppSocket } from "./realtime";
import { onWake, reconnectDelay } from "./reconnect-timing";

/** After this many failed attempts in a row the badge says "offline" even if the browser thinks it is online. */
const OFFLINE_AFTER_FAILURES = 3;

export type KeeperHooks = {
  /**
   * Every "connect" — the first, after a drop, after the server restarted: re-attach here (host:attach /
   * player:resume) and call keeper.attached() once the server has taken the socket back.
   */
  onConnect: () => void;
  /** The link dropped (Socket.IO's reason). The keeper has already arranged the way back. */
  onDisconnect?: (reason: string) => void;
  /** What the badge should say changed. */
  onStatus: (status: ConnectionStatus) => void;
  /** The page woke up while the socket still looks connected: probe it, since a phone that slept may hold a dead link. */
  onWakeConnected?: () => void;
  /**
   * The server's connection guard refused us (Socket.IO leaves such refusals alone). "stop" when retrying cannot help
   * (PROTOCOL_MISMATCH: only a reload does); the keeper then halts. Otherwise it retries on the back-off.
   */
  onRefused?: (code: string | undefined, error: Error) => "stop" | "retry";
  /** The session's join code, if known: the balancer's affinity key (realtime.ts connect()). */
  affinity?: string;
};

/**
 * Keeps one page's Socket.IO connection alive, for the phone, the console and anything else live: the one place that
 * knows how a page gets back to the server.
 *
 * - Lost transports: Socket.IO retries on the shared back-off (realtime.ts).
 * - The server's graceful shutdown ("io server disconnect") and refusals by its guards, which Socket.IO does not
 *   retry: the keeper connects again after the same jittered back-off, so the console and the phones come back
 *   by themselves when the server does, without stampeding it.
 * - Waking (network back, tab visible, back/forward cache): reconnect at once instead of waiting out the back-off;
 *   if the socket looks connected, let the owner probe it.
 * - Status for the badge: "connecting" until the first attach, "connected" once attached, "reconnecting" while
 *   trying, "offline" when the browser is offline or several attempts in a row failed.
 */
export class ConnectionKeeper {
  readonly socket: AppSocket;
  private status: ConnectionStatus = "connecting";
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private halted = false;
  private readonly unlisten: (() => void)[] = [];

  constructor(private readonly hooks: KeeperHooks) {
    const socket = connect(hooks.affinity);
    this.socket = socket;
    socket.on("connect", () => {
      this.clearRetry();
      this.hooks.onConnect();
    });
    socket.on("disconnect", (reason) => this.onDisconnect(reason));
    socket.on("connect_error", (error) => this.onConnectError(error));
    const onAttempt = () => this.show("reconnecting");
    socket.io.on("reconnect_attempt", onAttempt);
    const onOffline = () => this.show("offline");
    window.addEventListener("offline", onOffline);
    this.unlisten.push(
      // Only our own listener: the Manager may be shared (Socket.IO multiplexes) and keeps its internal ones.
      () => socket.io.off("reconnect_attempt", onAttempt),
      () => window.removeEventListener("offline", onOffline),
      onWake(() => this.wake()),
    );
  }

  /** The owner's attach was acknowledged: the link is really back. */
  attached(): void {
    this.failures = 0;
    this.show("connected");
  }

  /** Drops the current link and connects again at once (a dead link, or a socket the server forgot). */
  reconnectNow(): void {
    if (this.halted) return;
    this.clearRetry();
    this.failures = 0; // a fresh start, not one more failure
    this.show("reconnecting");
    this.socket.disconnect();
    this.socket.connect();
  }

  /** Closes the link for good on this page (refused, kicked, out of date): no more retries, wakes are ignored. */
  halt(): void {
    this.halted = true;
    this.clearRetry();
    this.socket.disconnect();
  }

  /** Leaves the page: halts and lets go of every listener. */
  stop(): void {
    this.halt();
    for (const off of this.unlisten.splice(0)) off();
    this.socket.removeAllListeners();
  }

  private onDisconnect(reason: string): void {
    this.hooks.onDisconnect?.(reason);
    if (reason === "io client disconnect") return; // we closed it ourselves
    this.show("reconnecting");
    // The server closed us (its graceful shutdown): Socket.IO does not retry that by itself.
    if (reason === "io server disconnect") this.scheduleConnect();
  }

  private onConnectError(error: Error): void {
    this.failures++;
    if (!this.socket.active) {
      // Refused by a server guard (not a transport failure, which Socket.IO retries by itself).
      const code = (error as Error & { data?: { code?: string } }).data?.code;
      if (this.hooks.onRefused?.(code, error) === "stop") return this.halt();
      this.scheduleConnect();
    }
    this.show("reconnecting");
  }

  private wake(): void {
    if (this.halted) return;
    if (!this.socket.connected) {
      // The very first connection is still being made: restarting it would only delay it.
      if (this.status !== "connecting") this.reconnectNow();
      return;
    }
    this.hooks.onWakeConnected?.();
  }

  private scheduleConnect(): void {
    if (this.halted) return;
    this.clearRetry();
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.halted && !this.socket.active) this.socket.connect();
    }, reconnectDelay(this.failures));
  }

  private clearRetry(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  private show(status: ConnectionStatus): void {
    const browserOffline = typeof navigator !== "undefined" && navigator.onLine === false;
    const shown = status !== "connected" && (browserOffline || this.failures >= OFFLINE_AFTER_FAILURES) ? "offline" : status;
    if (shown === this.status) return;
    this.status = shown;
    this.hooks.onStatus(shown);
  }
}
