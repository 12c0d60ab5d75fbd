import type { IncomingMessage, ServerResponse } from "node:http";
import { requestHost } from "./origin-check";

/**
 * The Content-Security-Policy of every response. Scripts: 'self' plus 'unsafe-inline', because Next streams each
 * page's React Server Components payload as inline <script>self.__next_f.push(…)</script> tags. Nonces would need
 * every page rendered per request (the landing, replay-import and error pages are static and served from the build);
 * hashes cannot work since the payload differs per page and per request. Everything else is tight: no other origin
 * can be loaded from, connected to, framed in or posted to, no plugins, and no <base> rewriting, so an injected
 * inline script could neither load more code nor send anything anywhere but this server.
 * Development mode (Next's React Refresh) needs eval, and only there.
 */
export function contentSecurityPolicy(options: { dev: boolean; host: string | undefined }): string {
  // CSP3 browsers match ws(s): same-host under 'self'; older Safari (classroom iPads) needs them named.
  const sockets = options.host ? ` ws://${options.host} wss://${options.host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Tailwind's and Recharts' inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    // The decision heat map is a canvas turned into a data: image.
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers that do not depend on the request (also given to Socket.IO's polling responses). */
export const STATIC_SECURITY_HEADERS = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  /**
   * "same-origin", not "no-referrer": session ids live in URLs, and this sends no Referer at all to other sites. With
   * "no-referrer" browsers send `Origin: null` on the app's own POSTs, and on plain-http classroom addresses (not a
   * secure context, so no Sec-Fetch-Site either) the origin check could no longer tell them from a foreign page.
   */
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), browsing-topics=()",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "x-permitted-cross-domain-policies": "none",
} as const;

/** Sets the browser-side protections on a response before any handler (API, Next page, static file) writes it. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { dev: boolean; trustProxy: number }): void {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader("content-security-policy", contentSecurityPolicy({ dev: options.dev, host: requestHost(req.headers, options.trustProxy) }));
}
