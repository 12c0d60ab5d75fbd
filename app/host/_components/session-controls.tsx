"use client";
import { useState } from "react";
import { ExportLinks } from "@/app/_components/exports/export-links";
import type { HostGates, HostView } from "@/lib/protocol";
import type { Exec } from "./command-runner";
import { ConfirmDialog } from "./confirm-dialog";
import { ConsoleButton } from "./console-button";

/** Pause/resume, lock/unlock joining, and end the session (after a confirmation). */
export function SessionControls({ view, gates, busy, exec }: { view: HostView; gates: HostGates; busy: string | null; exec: Exec }) {
  const [confirmEnd, setConfirmEnd] = useState(false);
  const paused = view.session.status === "paused";
  const locked = view.session.locked;
  const openRound = view.round?.status === "open";

  return (
    <section aria-labelledby="session-controls-title" className="flex flex-col gap-2">
      <h2 id="session-controls-title" className="sr-only">
        Session
      </h2>
      <div className="grid grid-cols-3 gap-2">
        {paused ? (
          <ConsoleButton tone="primary" gate={gates["session:resume"]} busy={busy === "session:resume"} onClick={() => void exec("session:resume", {})}>
            ▶ Resume
          </ConsoleButton>
        ) : (
          <ConsoleButton
            gate={gates["session:pause"]}
            busy={busy === "session:pause"}
            onClick={() => void exec("session:pause", {})}
            title="Freeze the timer and guessing (for questions or a break)"
          >
            ❚❚ Pause
          </ConsoleButton>
        )}
        <ConsoleButton
          gate={gates["session:lock"]}
          busy={busy === "session:lock"}
          aria-pressed={locked}
          onClick={() => void exec("session:lock", { locked: !locked }, () => (locked ? "Joining is open again" : "Joining is locked: no new students"))}
          title={locked ? "Let new students join again" : "Stop new students from joining"}
        >
          {locked ? "Unlock joining" : "Lock joining"}
        </ConsoleButton>
        <ConsoleButton tone="danger" gate={gates["session:end"]} busy={busy === "session:end"} onClick={() => setConfirmEnd(true)}>
          End session
        </ConsoleButton>
      </div>
      {/* After the lesson the controls have nothing left to do; the downloads and the share link take their place. */}
      {view.session.status === "ended" && (
        <div className="flex flex-col gap-1">
          <ExportLinks sessionId={view.session.id} />
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Share the replay: <span className="break-all font-mono">{view.session.replayUrl}</span>
          </p>
        </div>
      )}
      <ConfirmDialog
        open={confirmEnd}
        title="End the session?"
        confirmLabel="End session"
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => {
          setConfirmEnd(false);
          void exec("session:end", {});
        }}
      >
        {openRound
          ? "The open round will be closed, scored and revealed, then the final podium is shown. Students cannot guess any more. This cannot be undone."
          : "The final podium is shown and students cannot guess any more. This cannot be undone."}
      </ConfirmDialog>
    </section>
  );
}
