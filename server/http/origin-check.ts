import type { IncomingHttpHeaders } from "node:http";

/** Who may write: the request's own origin, PUBLIC_URL's origin and the ALLOWED_ORIGINS list. */
export type OriginPolicy = {
  /** Proxy hops trusted for X-Forwarded-Host / X-Forwarded-Proto (0: use the Host header and plain http). */
  trustProxy: number;
  publicUrl: string | undefined;
  allowedOrigins: readonly string[];
};

/** A Host header that can be part of an origin (and of a CSP source): name or IP literal, optional port. */
const HOST_SHAPE = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** With N trusted proxies, the Nth value from the right was written by the outermost trusted proxy (as for X-Forwarded-For). */
function forwarded(headers: IncomingHttpHeaders, name: string, trustProxy: number): string | undefined {
  const raw = headers[name];
  const values = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length === 0 ? undefined : values[Math.max(0, values.length - trustProxy)];
}

/**
 * The host this request was addressed to ("class.example.org:3000"), or undefined when the header is malformed.
 * X-Forwarded-Host counts only behind trusted proxies: otherwise any client could name the origin it wants allowed.
 */
export function requestHost(headers: IncomingHttpHeaders, trustProxy: number): string | undefined {
  const host = (trustProxy > 0 ? forwarded(headers, "x-forwarded-host", trustProxy) : undefined) ?? headers.host;
  return host && HOST_SHAPE.test(host) ? host.toLowerCase() : undefined;
}

/** scheme://host of this request as the browser saw it; the server itself speaks plain http. */
export function requestOrigin(headers: IncomingHttpHeaders, trustProxy: number): string | undefined {
  const host = requestHost(headers, trustProxy);
  if (!host) return undefined;
  const proto = trustProxy > 0 ? forwarded(headers, "x-forwarded-proto", trustProxy) : undefined;
  return canonicalOrigin(`${proto === "https" ? "https" : "http"}://${host}`);
}

/** "HTTP://Example.org:80" → "http://example.org"; undefined for anything that is not an http(s) origin. */
function canonicalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The foreign origin that sent this request, or null when it may go ahead. No Origin header (curl, server-to-server,
 * Node clients) is allowed: the check exists to stop other web pages, and browsers always send Origin on cross-origin
 * writes and WebSocket handshakes. `Sec-Fetch-Site: same-origin` is set by the browser itself (pages cannot forge it)
 * and is accepted even when a proxy rewrote the host we see. `Origin: null` (sandboxed frames, file://) is refused.
 */
export function foreignOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): string | null {
  const raw = headers.origin;
  if (raw === undefined || raw === "") return null;
  if (headers["sec-fetch-site"] === "same-origin") return null;
  const origin = canonicalOrigin(raw);
  if (origin === undefined) return raw;
  if (origin === requestOrigin(headers, policy.trustProxy)) return null;
  if (policy.publicUrl && origin === canonicalOrigin(policy.publicUrl)) return null;
  if (policy.allowedOrigins.some((allowed) => canonicalOrigin(allowed) === origin)) return null;
  return raw;
}
