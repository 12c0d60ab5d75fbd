import type { IncomingHttpHeaders } from "node:http";

/**
 * The client's address for rate limits. X-Forwarded-For is honoured only for the configured number of trusted proxy
 * hops (TRUST_PROXY), counted from the right: anything further left was written by the client and can be forged.
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: number): string {
  const direct = normalise(remoteAddress ?? "unknown");
  if (trustProxy <= 0) return direct;
  const raw = headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return direct;
  // With N trusted proxies, the Nth entry from the right is the address the outermost trusted proxy saw.
  return normalise(hops[Math.max(0, hops.length - trustProxy)]);
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
