const LINK =
  "inline-flex min-h-9 items-center gap-1.5 rounded-lg border border-slate-400 px-2.5 text-sm font-semibold text-slate-800 " +
  "hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand " +
  "dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300";

/**
 * A session's downloads — results as CSV (one row per student per round) and the whole event log as JSON (to keep,
 * or to import on another installation) — and its replay. Plain links: the server names the files.
 * The replay opens in a new tab so a live console that shows these links stays where it is.
 */
export function ExportLinks({ sessionId, showReplay = true, className = "" }: { sessionId: string; showReplay?: boolean; className?: string }) {
  const base = `/api/replays/${encodeURIComponent(sessionId)}`;
  return (
    <nav aria-label="Exports" className={`flex flex-wrap items-center gap-2 ${className}`}>
      <a href={`${base}/results.csv`} download className={LINK} title="Each student's guess, loss, score and rank in every round">
        <span aria-hidden>↓</span> Results (CSV)
      </a>
      <a href={`${base}/log.json`} download className={LINK} title="The whole event log, to keep or to import elsewhere">
        <span aria-hidden>↓</span> Session log (JSON)
      </a>
      {showReplay && (
        <a href={`/replay/${encodeURIComponent(sessionId)}`} target="_blank" rel="noopener" className={LINK}>
          <span aria-hidden>▶</span> Replay
        </a>
      )}
    </nav>
  );
}
