import { io, type Socket } from "socket.io-client";
import { errorMessage } from "@/lib/protocol";
import type { ErrorTally } from "./error-tally";

/** Opens sockets in batches of `batch` at once; returns the sockets (null for a failure) and each connect time. */
export async function connectAll<S extends Socket>(
  count: number,
  batch: number,
  connect: (i: number) => Promise<S>,
  errors: ErrorTally,
): Promise<{ sockets: (S | null)[]; times: number[] }> {
  const sockets: (S | null)[] = new Array(count).fill(null);
  const times: number[] = [];
  for (let start = 0; start < count; start += batch) {
    const indices = Array.from({ length: Math.min(batch, count - start) }, (_, j) => start + j);
    await Promise.all(
      indices.map(async (i) => {
        const t0 = performance.now();
        try {
          sockets[i] = await connect(i);
          times.push(performance.now() - t0);
        } catch (error) {
          errors.add("connect failed", errorMessage(error));
        }
      }),
    );
  }
  return { sockets, times };
}

/** `query` goes into the handshake (bench:cluster puts the session's join code there as `room`, the affinity key). */
export function openSocket<S extends Socket>(url: string, auth: Record<string, unknown>, timeoutMs: number, query?: Record<string, string>): Promise<S> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: timeoutMs, auth, query }) as S;
  return new Promise<S>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs + 1000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}
