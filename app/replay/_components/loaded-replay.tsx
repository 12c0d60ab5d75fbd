"use client";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { PICTURE_THEME } from "@/app/_components/pictures/picture-colors";
import { usePreferences } from "@/app/_lib/use-preferences";
import type { SessionLogFile } from "@/lib/session";
import { ContinueButton } from "./continue-button";
import { FrameView } from "./frame-view";
import { IntegrityBanner } from "./integrity-banner";
import type { ReplayFold } from "./replay-fold";
import { ReplayHeader } from "./replay-header";
import { StudentSection } from "./student-section";
import type { Timeline } from "./timeline";
import { TransportBar } from "./transport-bar";
import { usePictureDrawn } from "./use-picture-drawn";
import { useReplayCursor } from "./use-replay-cursor";
import { useReplayKeys } from "./use-replay-keys";

/** The pictures whose first drawing makes the replay "ready" (for people, and for bench/replay.ts). */
const FIRST_PICTURE = '[data-testid="network-diagram"] svg, [data-testid="loss-chart"] svg';

/** A fetched log: fold the rest of it once in the background, show the frame under the cursor, and everything around it. */
export function LoadedReplayView({
  file,
  timeline,
  fold,
  onReload,
  startAtEnd,
}: {
  file: SessionLogFile;
  timeline: Timeline;
  /** Already holds the first frame (see loadReplay); folds the rest in the background while subscribed. */
  fold: ReplayFold;
  onReload: () => void;
  startAtEnd: boolean;
}) {
  useSyncExternalStore(fold.subscribe, fold.getVersion, fold.getVersion);
  const count = timeline.frames.length;
  const cursor = useReplayCursor(count, fold.ready, startAtEnd ? count - 1 : 0);
  useReplayKeys(cursor, count);
  const [prefs, setPrefs] = usePreferences();
  const [anonymiseChoice, setAnonymise] = useState<boolean | null>(null);
  const root = useRef<HTMLDivElement>(null);

  const created = file.events[0].event;
  const continued = created.type === "session.created" && !!created.startFrom;
  const title = created.type === "session.created" ? created.config.name : "Session";
  const anonymise = anonymiseChoice ?? (created.type === "session.created" && created.rules.hideNicknames);
  const frame = timeline.frames[cursor.index];
  const snapshot = fold.stateAt(cursor.index);
  const ready = usePictureDrawn(root, FIRST_PICTURE, snapshot !== null);
  const issues = fold.integrity;
  const dark = prefs.theme === "dark";

  // The rest of the log is folded once the first picture is drawn, so the fold never competes with the first paint;
  // at once when the frame on screen is not folded yet (opened at the end after "load new events"), and after a
  // second anyway, should drawing be held up (a background tab does not draw).
  const waiting = snapshot === null;
  useEffect(() => {
    if (ready || waiting) {
      fold.start();
      return;
    }
    const timer = window.setTimeout(() => fold.start(), 1000);
    return () => window.clearTimeout(timer);
  }, [ready, waiting, fold]);

  return (
    <div
      ref={root}
      data-replay-ready={ready ? "" : undefined}
      className={`${dark ? "dark" : ""} ${PICTURE_THEME}`}
      style={{ colorScheme: dark ? "dark" : "light" }}
    >
      <div className="min-h-dvh bg-slate-100 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <ReplayHeader
          sessionId={file.session.id}
          title={title}
          joinCode={file.session.joinCode}
          createdAt={file.session.createdAt}
          ended={timeline.ended}
          anonymise={anonymise}
          onAnonymise={setAnonymise}
          dark={dark}
          onDark={(d) => setPrefs({ theme: d ? "dark" : "light" })}
          onReload={onReload}
        />
        <main className="flex flex-col gap-3 p-3">
          <IntegrityBanner
            timeline={timeline}
            issues={issues}
            done={fold.done}
            progress={fold.progress}
            foldError={fold.error}
            serverCheck={file.verification ?? null}
            deterministic={fold.verifiesItself ?? false}
            onJump={(seq) => cursor.go(timeline.frames.findIndex((f) => f.firstSeq <= seq && seq <= f.seq))}
          />
          <TransportBar
            timeline={timeline}
            cursor={cursor}
            issueSeqs={issues.map((i) => i.seq)}
            actions={<ContinueButton sessionId={file.session.id} seq={frame.seq} disabled={snapshot === null} />}
          />
          {snapshot ? (
            <FrameView
              snapshot={snapshot}
              at={frame.at}
              sessionId={file.session.id}
              joinCode={file.session.joinCode}
              anonymise={anonymise}
              continued={continued}
            />
          ) : (
            <p role="status" className="rounded-2xl bg-white p-6 text-xl shadow-sm dark:bg-slate-900">
              {fold.error && fold.error.seq <= frame.seq
                ? "This moment lies beyond the point where the log stops replaying."
                : "Rebuilding this moment from the log…"}
            </p>
          )}
          <StudentSection final={fold.final} ranksAfter={fold.ranksAfter} anonymise={anonymise} currentRound={frame.round} />
        </main>
      </div>
    </div>
  );
}
