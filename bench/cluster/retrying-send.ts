/**
 * Sends one user action as a phone or the console would: on a bound socket, and again (same commandId) when it was
 * not acknowledged — UNAVAILABLE, no ack within the attempt timeout, or the socket dropped — until acknowledged or
 * given up. Every attempt is kept, so failover can be timed by the first attempt a session accepted after the kill.
 */
import { errorMessage } from "@/lib/protocol";
import type { AckLike } from "../load/host-client";
import { RETRYABLE, type Connection, type ConnectionSettings } from "./connection";

/** One try of one user action: `actionAt` is when the action was first sent (the same for all its tries). */
export type Attempt = { actionAt: number; sentAt: number; answeredAt: number; code: string };
export type Sent<T> = { ack: AckLike & Partial<T>; firstSentAt: number; ackAt: number; attempts: Attempt[] };

const RETRY_PAUSE_MS = 200;

export async function sendWithRetry<T extends object = object>(
  connection: Connection,
  event: string,
  payload: Record<string, unknown>,
  settings: ConnectionSettings,
): Promise<Sent<T>> {
  const attempts: Attempt[] = [];
  const firstSentAt = performance.now();
  let ack: AckLike = { ok: false, code: "TIMEOUT", message: "not sent" };
  while (performance.now() - firstSentAt < settings.giveUpMs) {
    const socket = await connection.ready(Math.max(0, settings.giveUpMs - (performance.now() - firstSentAt)));
    if (!socket) {
      ack = { ok: false, code: "DISCONNECTED", message: "no bound socket before giving up" };
      break;
    }
    const sentAt = performance.now();
    try {
      ack = (await socket.timeout(settings.ackTimeoutMs).emitWithAck(event, payload)) as AckLike;
    } catch (error) {
      const message = errorMessage(error);
      ack = { ok: false, code: /disconnected/.test(message) ? "DISCONNECTED" : "TIMEOUT", message };
    }
    const answeredAt = performance.now();
    attempts.push({ actionAt: firstSentAt, sentAt, answeredAt, code: ack.ok ? "ok" : String(ack.code) });
    if (ack.ok || !RETRYABLE.has(String(ack.code))) break;
    await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
  }
  const last = attempts.at(-1);
  return { ack: ack as AckLike & Partial<T>, firstSentAt, ackAt: last?.answeredAt ?? performance.now(), attempts };
}
