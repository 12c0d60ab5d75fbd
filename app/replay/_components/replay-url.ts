/** Where a replay's log is served. Shared by the page's preload hint and the fetch, which must ask for the same URL. */
export function replayUrl(sessionId: string): string {
  return `/api/replays/${encodeURIComponent(sessionId)}`;
}
