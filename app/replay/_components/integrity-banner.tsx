import { Notice } from "@/app/_components/ui/notice";
import type { IntegrityIssue } from "@/lib/session";
import { integrityVerdict } from "./integrity-verdict";
import type { Timeline } from "./timeline";

const short = (text: string) => (text.length > 20 ? `${text.slice(0, 16)}…` : text);
/** Issues listed straight away; a log that diverged early can have hundreds, which would bury the page. */
const SHOWN = 5;

function IssueList({ issues, timeline, onJump }: { issues: readonly IntegrityIssue[]; timeline: Timeline; onJump: (seq: number) => void }) {
  return (
    <ul className="mt-1 list-disc pl-5 font-mono text-sm">
      {issues.map((issue, i) => (
        <li key={`${issue.seq}-${i}`}>
          <button type="button" onClick={() => onJump(issue.seq)} className="font-semibold underline underline-offset-4" title="Show this moment">
            event #{issue.seq}
          </button>{" "}
          ({timeline.typeOf(issue.seq) ?? "unknown"}): recorded {short(issue.expected)}, recomputed {short(issue.actual)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Whether the replay is the lesson that happened. Every step, round scoring and reset recorded the weight checksum
 * the live server had; the fold recomputes each one (integrity-verdict.ts says whose recomputation counts). A
 * mismatch is an error on screen, never a footnote.
 */
export function IntegrityBanner({
  timeline,
  issues,
  done,
  progress,
  foldError,
  serverCheck,
  deterministic,
  onJump,
}: {
  timeline: Timeline;
  /** This browser's own recomputation. */
  issues: readonly IntegrityIssue[];
  done: boolean;
  progress: number;
  foldError: { seq: number; message: string } | null;
  /** The server's recomputation, when the log came with one: the authority for legacy logs only. */
  serverCheck: { checks: number; issues: readonly IntegrityIssue[] } | null;
  /** Recorded with deterministic math: this browser's own fold is then the proof. */
  deterministic: boolean;
  /** Shows the moment of an event. */
  onJump: (seq: number) => void;
}) {
  const n = timeline.checks;
  const checksums = `${n} recorded checksum${n === 1 ? "" : "s"}`;
  const verdict = integrityVerdict({ deterministic, issues, done, foldError, serverCheck });
  if (verdict.kind === "fold-error")
    return (
      <Notice tone="error" role="alert" title={`This log stops replaying at event #${verdict.seq}`} className="shadow-sm">
        <p data-testid="integrity">
          {verdict.message}. The moments before it are shown as recorded; nothing after it can be trusted.
        </p>
      </Notice>
    );
  if (verdict.kind === "mismatch") {
    const shown = verdict.issues;
    const events = new Set(shown.map((i) => i.seq)).size;
    return (
      <Notice
        tone="error"
        role="alert"
        title={`Replay does NOT match the live session: ${events} of ${checksums} not reproduced`}
        className="shadow-sm"
      >
        <div data-testid="integrity">
          <p>Recomputing the log gave different weights than the live run recorded at:</p>
          <IssueList issues={shown.slice(0, SHOWN)} timeline={timeline} onJump={onJump} />
          {shown.length > SHOWN && (
            <details className="mt-1">
              <summary className="cursor-pointer text-sm font-semibold">Show all {shown.length}</summary>
              <IssueList issues={shown.slice(SHOWN)} timeline={timeline} onJump={onJump} />
            </details>
          )}
          {!done && <p className="mt-1">Still checking the rest of the log…</p>}
        </div>
      </Notice>
    );
  }
  // All is well (or not known yet): one slim line, so the lesson itself keeps the room.
  const verified = verdict.kind === "verified";
  return (
    <p
      role="status"
      className={`flex items-center gap-2 rounded-xl border-l-4 px-3 py-1.5 text-base shadow-sm ${
        verified ? "border-accent bg-emerald-50 dark:bg-slate-900" : "border-positive bg-sky-50 dark:bg-slate-900"
      }`}
    >
      <span aria-hidden className={`flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white ${verified ? "bg-accent" : "bg-positive"}`}>
        {verified ? "✓" : "…"}
      </span>
      <span data-testid="integrity">
        {!verified
          ? `Checking the replay against ${checksums}… ${Math.floor(progress * 100)}%`
          : n === 0
            ? "Replay verified: nothing was trained or scored yet, so there are no checksums to compare"
            : `Replay verified: all ${checksums} reproduced`}
        {verified && n > 0 && (
          <span className="block text-sm text-slate-700 dark:text-slate-300" data-testid="verified-by">
            {verdict.by === "browser"
              ? `Verified in this browser: all ${checksums} reproduced by this page's own recomputation.`
              : verdict.by === "server"
                ? "Recomputed by the server (recorded before cross-browser math)."
                : "Recorded before cross-browser math; this browser's own recomputation reproduced it."}
          </span>
        )}
        {verified && verdict.browserDiffers > 0 && (
          <span className="block text-sm text-slate-700 dark:text-slate-300" data-testid="browser-rounding">
            This browser&apos;s own recomputation differs in the last digits at {verdict.browserDiffers} event(s) — its
            maths library rounds exp/tanh differently, and this log predates the engine&apos;s own maths — so the
            pictures may differ invisibly from the live ones.
          </span>
        )}
      </span>
    </p>
  );
}
