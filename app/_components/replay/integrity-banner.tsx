import { Notice } from "@/app/_components/ui/notice";
import type { IntegrityIssue } from "@/lib/session";
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
 * the live server had; the fold recomputes each one. A mismatch is an error on screen, never a footnote.
 */
export function IntegrityBanner({
  timeline,
  issues,
  done,
  progress,
  foldError,
  serverCheck,
  onJump,
}: {
  timeline: Timeline;
  issues: readonly IntegrityIssue[];
  done: boolean;
  progress: number;
  foldError: { seq: number; message: string } | null;
  /** The server's recomputation, when the log came with one; it is the authority (see below). */
  serverCheck: { checks: number; issues: readonly IntegrityIssue[] } | null;
  /** Shows the moment of an event. */
  onJump: (seq: number) => void;
}) {
  const n = timeline.checks;
  // The server recomputes the log with the same engine and JavaScript runtime as the live session, so its result is
  // the proof. A browser's Math.exp/tanh/log may round the last bit differently from Node's, which makes its own
  // checksums differ without anything being wrong: that is said on screen, never hidden, but it is not an error.
  const browserOnly = serverCheck !== null && serverCheck.issues.length === 0 && issues.length > 0;
  if (serverCheck && serverCheck.issues.length > 0) issues = serverCheck.issues;
  if (foldError)
    return (
      <Notice tone="error" role="alert" title={`This log stops replaying at event #${foldError.seq}`} className="shadow-sm">
        <p data-testid="integrity">
          {foldError.message}. The moments before it are shown as recorded; nothing after it can be trusted.
        </p>
      </Notice>
    );
  if (issues.length > 0 && !browserOnly) {
    const events = new Set(issues.map((i) => i.seq)).size;
    return (
      <Notice
        tone="error"
        role="alert"
        title={`Replay does NOT match the live session: ${events} of ${n} recorded checksum${n === 1 ? "" : "s"} not reproduced`}
        className="shadow-sm"
      >
        <div data-testid="integrity">
          <p>Recomputing the log gave different weights than the live run recorded at:</p>
          <IssueList issues={issues.slice(0, SHOWN)} timeline={timeline} onJump={onJump} />
          {issues.length > SHOWN && (
            <details className="mt-1">
              <summary className="cursor-pointer text-sm font-semibold">Show all {issues.length}</summary>
              <IssueList issues={issues.slice(SHOWN)} timeline={timeline} onJump={onJump} />
            </details>
          )}
          {!done && <p className="mt-1">Still checking the rest of the log…</p>}
        </div>
      </Notice>
    );
  }
  // All is well (or not known yet): one slim line, so the lesson itself keeps the room.
  return (
    <p
      role="status"
      className={`flex items-center gap-2 rounded-xl border-l-4 px-3 py-1.5 text-base shadow-sm ${
        done ? "border-accent bg-emerald-50 dark:bg-slate-900" : "border-positive bg-sky-50 dark:bg-slate-900"
      }`}
    >
      <span aria-hidden className={`flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white ${done ? "bg-accent" : "bg-positive"}`}>
        {done ? "✓" : "…"}
      </span>
      <span data-testid="integrity">
        {!done
          ? `Checking the replay against ${n} recorded checksum${n === 1 ? "" : "s"}… ${Math.floor(progress * 100)}%`
          : n === 0
            ? "Replay verified: nothing was trained or scored yet, so there are no checksums to compare"
            : `Replay verified: all ${n} recorded checksum${n === 1 ? "" : "s"} reproduced`}
        {done && browserOnly && (
          <span className="block text-sm text-slate-700 dark:text-slate-300" data-testid="browser-rounding">
            Reproduced by the server. This browser&apos;s own recomputation differs in the last digits at{" "}
            {new Set(issues.map((i) => i.seq)).size} event(s) — its maths library rounds exp/tanh differently — so the
            pictures may differ invisibly from the live ones.
          </span>
        )}
      </span>
    </p>
  );
}
