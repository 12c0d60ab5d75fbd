/**
 * One back-off for every way a page gets back to the server (Socket.IO's own retries, retries after the server's
 * graceful shutdown, the replay page's log fetch): 1 s, 2 s, 4 s, 8 s, then every 10 s, each ±50 % at random, so a
 * thousand phones that lost a restarting server together do not all knock at the same instant.
 */
export const RECONNECT = { firstMs: 1000, maxMs: 10_000, jitter: 0.5 } as const;

/** Delay before retry number `attempt` (0 for the first retry). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT.maxMs, RECONNECT.firstMs * 2 ** Math.max(0, Math.min(attempt, 10)));
  const jittered = base * (1 - RECONNECT.jitter + 2 * RECONNECT.jitter * random());
  return Math.round(Math.min(RECONNECT.maxMs, jittered));
}

/**
 * Calls `wake` when the page has reason to think the server is reachable again: the network came back, the tab
 * became visible (a phone unlocked), or the back/forward cache restored the page (a normal load's pageshow is ignored).
 * Returns the function that stops listening.
 */
export function onWake(wake: () => void): () => void {
  const onVisible = () => {
    if (document.visibilityState === "visible") wake();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) wake();
  };
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener("online", wake);
  window.addEventListener("pageshow", onPageShow);
  return () => {
    document.removeEventListener("visibilitychange", onVisible);
    window.removeEventListener("online", wake);
    window.removeEventListener("pageshow", onPageShow);
  };
}
