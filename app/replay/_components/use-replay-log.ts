"use client";
import { useCallback, useEffect, useState } from "react";
import { onWake, reconnectDelay } from "@/app/_lib/reconnect-timing";
import { takeEarlyLoad } from "./early-load";
import { loadReplay, type ReplayLoad } from "./load-replay";

/**
 * The session log of a replay. `reload` fetches again: a retry after an error, or the newer events of a session that
 * is still running (the replay on screen stays until the new log has arrived). `reloaded` says the log on screen came
 * from such a second fetch.
 */
export function useReplayLog(sessionId: string): { load: ReplayLoad; reload: () => void; reloaded: boolean } {
  const [attempt, setAttempt] = useState(0);
  /**
   * `failures`: retryable errors in a row, this one included (the back-off step). `afterReady`: a log was on screen
   * before this fetch (a retry that finally loads is a first load, not "new events").
   */
  const [result, setResult] = useState<{ key: string; load: ReplayLoad; failures: number; afterReady: boolean } | null>(null);
  const key = `${sessionId}#${attempt}`;

  useEffect(() => {
    let current = true;
    const request = (attempt === 0 && takeEarlyLoad(sessionId)) || loadReplay(sessionId);
    void request.then((load) => {
      if (current)
        setResult((before) => {
          const previous = before?.key.startsWith(`${sessionId}#`) ? before : null;
          return {
            key,
            load,
            failures: load.status === "error" && load.retry ? (previous?.failures ?? 0) + 1 : 0,
            afterReady: !!previous && (previous.load.status === "ready" || previous.afterReady),
          };
        });
    });
    return () => {
      current = false;
    };
  }, [sessionId, key, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const fresh = result?.key === key;

  // The server down or restarting while the page loads (no answer, or a 5xx): try again by itself on the shared
  // back-off, and at once when the network or the tab comes back, instead of leaving a dead end on screen.
  const retryStep = fresh && result.load.status === "error" && result.load.retry ? result.failures : 0;
  useEffect(() => {
    if (retryStep === 0) return;
    const timer = setTimeout(reload, reconnectDelay(retryStep - 1));
    const stopWaking = onWake(reload);
    return () => {
      clearTimeout(timer);
      stopWaking();
    };
  }, [retryStep, reload]);
  // While a retry is under way the error stays on screen (no flashing "Loading…" every few seconds).
  const previous = result?.key.startsWith(`${sessionId}#`) ? result.load : null;
  const keepShowing = previous?.status === "ready" || (previous?.status === "error" && previous.retry);
  const load: ReplayLoad = (fresh || keepShowing) && previous ? previous : { status: "loading" };
  return { load, reload, reloaded: result?.afterReady ?? false };
}
