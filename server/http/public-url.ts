import type { IncomingHttpHeaders } from "node:http";
import { networkInterfaces } from "node:os";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/** A LAN address phones in the same room can reach, when the instructor opened the console on localhost. */
function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

/**
 * The base URL students should use: PUBLIC_URL when configured; otherwise the host the instructor's browser used,
 * with localhost swapped for this machine's LAN address so the join link works from a phone.
 */
export function publicBaseUrl(configured: string | undefined, headers: IncomingHttpHeaders): string {
  if (configured) return configured.replace(/\/+$/, "");
  const proto = String(headers["x-forwarded-proto"] ?? "http").split(",")[0].trim() === "https" ? "https" : "http";
  const host = String(headers["x-forwarded-host"] ?? headers.host ?? "localhost").split(",")[0].trim();
  const match = LOOPBACK.exec(host);
  if (match) {
    const lan = lanAddress();
    if (lan) return `${proto}://${lan}${match[2] ?? ""}`;
  }
  return `${proto}://${host}`;
}

export const joinUrlFor = (base: string, joinCode: string) => `${base}/play/${joinCode}`;
export const replayUrlFor = (base: string, sessionId: string) => `${base}/replay/${sessionId}`;
