import { loadReplay, type ReplayLoad } from "./load-replay";

/**
 * The replay's log, requested the moment this module is evaluated — before React has hydrated the page — so that
 * parsing it and folding its first frame happen while the rest of the page's scripts start, not after. (The page's
 * <link rel=preload> has usually downloaded it already.) useReplayLog takes it instead of fetching again.
 */
const early = new Map<string, Promise<ReplayLoad>>();

if (typeof window !== "undefined") {
  const match = /^\/replay\/([^/]+)\/?$/.exec(window.location.pathname);
  if (match) {
    const sessionId = decodeURIComponent(match[1]);
    early.set(sessionId, loadReplay(sessionId));
  }
}

/** The early request for this session, once (a retry or a reload fetches anew). */
export function takeEarlyLoad(sessionId: string): Promise<ReplayLoad> | null {
  const promise = early.get(sessionId) ?? null;
  early.delete(sessionId);
  return promise;
}
