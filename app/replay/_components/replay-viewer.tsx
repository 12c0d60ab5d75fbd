"use client";
import { useEffect } from "react";
import { LoadedReplayView } from "./loaded-replay";
import { ReplayLoadError, ReplayLoading, ReplayNotFound } from "./replay-messages";
import { useReplayLog } from "./use-replay-log";
import { warmUp } from "./warm-up";

/** /replay/<id>: fetches the session's log, then hands it to the viewer; not found and network errors get their own page. */
export function ReplayViewer({ sessionId }: { sessionId: string }) {
  const { load, reload, reloaded } = useReplayLog(sessionId);
  useEffect(warmUp, []);
  switch (load.status) {
    case "loading":
      return <ReplayLoading />;
    case "not-found":
      return <ReplayNotFound sessionId={sessionId} />;
    case "error":
      return <ReplayLoadError message={load.message} onRetry={load.retry ? reload : null} />;
    case "ready":
      // A longer log (after "load new events") is a new replay: keyed so its fold starts fresh, at its newest moment.
      return (
        <LoadedReplayView
          key={load.file.events.length}
          file={load.file}
          timeline={load.timeline}
          fold={load.fold}
          onReload={reload}
          startAtEnd={reloaded}
        />
      );
  }
}
