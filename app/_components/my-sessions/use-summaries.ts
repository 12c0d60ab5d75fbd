"use client";
import { useCallback, useEffect, useState } from "react";
import type { SessionListItem } from "@/lib/protocol";
import { fetchSummaries } from "./session-api";
import { errorMessage } from "@/lib/protocol";

export type Summaries =
  | { status: "loading" }
  /** `asked`: the ids this answer covers; an asked id missing from `byId` is a session the server no longer has. */
  | { status: "ready"; byId: Map<string, SessionListItem>; asked: ReadonlySet<string> }
  | { status: "error"; message: string };

/** What the server knows about these sessions, fetched again when the list of ids changes or on `retry`. */
export function useSummaries(ids: readonly string[]): { summaries: Summaries; retry: () => void } {
  const key = JSON.stringify(ids);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; summaries: Summaries } | null>(null);
  const requestKey = `${key}#${attempt}`;

  useEffect(() => {
    if (key === "[]") return;
    let current = true;
    const asked = JSON.parse(key) as string[];
    fetchSummaries(asked).then(
      (byId) => current && setResult({ key: requestKey, summaries: { status: "ready", byId, asked: new Set(asked) } }),
      (error: unknown) => current && setResult({ key: requestKey, summaries: { status: "error", message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [key, requestKey]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  // After a delete the id list shrinks: keep showing what is known rather than flashing "loading".
  const summaries: Summaries = result?.key === requestKey ? result.summaries : result?.summaries.status === "ready" ? result.summaries : { status: "loading" };
  return { summaries, retry };
}
