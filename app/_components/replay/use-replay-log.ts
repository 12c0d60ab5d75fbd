"use client";
import { useCallback, useEffect, useState } from "react";
import { takeEarlyLoad } from "./early-load";
import { loadReplay, type ReplayLoad } from "./load-replay";

/**
 * The session log of a replay. `reload` fetches again: a retry after an error, or the newer events of a session that
 * is still running (the replay on screen stays until the new log has arrived). `reloaded` says the log on screen came
 * from such a second fetch.
 */
export function useReplayLog(sessionId: string): { load: ReplayLoad; reload: () => void; reloaded: boolean } {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; attempt: number; load: ReplayLoad } | null>(null);
  const key = `${sessionId}#${attempt}`;

  useEffect(() => {
    let current = true;
    const request = (attempt === 0 && takeEarlyLoad(sessionId)) || loadReplay(sessionId);
    void request.then((load) => {
      if (current) setResult({ key, attempt, load });
    });
    return () => {
      current = false;
    };
  }, [sessionId, key, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const fresh = result?.key === key;
  const keepShowing = !fresh && result?.load.status === "ready" && result.key.startsWith(`${sessionId}#`);
  const load: ReplayLoad = fresh || keepShowing ? result.load : { status: "loading" };
  return { load, reload, reloaded: (result?.attempt ?? 0) > 0 };
}
