"use client";
import Link from "next/link";
import { useState } from "react";
import { buttonClasses } from "@/app/_components/ui/button";
import type { HostSessionRecord } from "@/app/_lib/stored-credentials";
import type { SessionListItem } from "@/lib/protocol";
import { forgetHostSession } from "./host-records";
import { deleteSession } from "./session-api";

const SCENARIO_WORDS: Record<string, string> = {
  "one-weight": "One weight",
  "line-fit": "Line fit",
  classification: "Classification",
  "curve-fit": "Curve fit",
};

const STATUS_LOOK: Record<string, { label: string; className: string }> = {
  lobby: { label: "Lobby", className: "bg-sky-100 text-sky-950 dark:bg-sky-900 dark:text-sky-50" },
  live: { label: "Live", className: "bg-emerald-100 text-emerald-950 dark:bg-emerald-900 dark:text-emerald-50" },
  paused: { label: "Paused", className: "bg-amber-100 text-amber-950 dark:bg-amber-800 dark:text-amber-50" },
  ended: { label: "Ended", className: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50" },
  gone: { label: "Gone", className: "bg-orange-100 text-orange-950 dark:bg-orange-900 dark:text-orange-50" },
};

const SMALL = "min-h-10 px-3 text-sm";
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * One session this browser created. `summary` undefined = still asking the server; null = the server no longer has
 * it (deleted elsewhere or expired): it can only be forgotten.
 */
export function SessionItem({ record, summary }: { record: HostSessionRecord; summary: SessionListItem | null | undefined }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const gone = summary === null;
  const title = summary?.title ?? record.title;
  const scenario = summary?.scenario ?? record.scenario;
  const look = STATUS_LOOK[gone ? "gone" : (summary?.status ?? "")];
  const date = new Date(summary?.createdAt ?? record.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const id = encodeURIComponent(record.sessionId);
  const scenarioWords = SCENARIO_WORDS[scenario] ?? scenario;
  // Default titles already start with the scenario ("Line fit: ŷ = w·x + b"); saying it twice is noise.
  const details = [title.startsWith(scenarioWords) ? null : scenarioWords, date].filter(Boolean).join(" · ");

  async function remove() {
    setBusy(true);
    setProblem(null);
    const result = await deleteSession(record.sessionId, record.hostToken);
    if (result.ok) forgetHostSession(record.sessionId);
    else {
      setProblem(result.message);
      setBusy(false);
    }
  }

  return (
    <li className="flex flex-col gap-2 border-t border-slate-200 py-3 first:border-t-0 sm:flex-row sm:items-center sm:gap-4 dark:border-slate-700" data-session-id={record.sessionId}>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="min-w-0 truncate text-lg font-semibold">{title}</span>
          {look && <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${look.className}`}>{look.label}</span>}
        </p>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {details} · code <span className="font-mono font-semibold">{record.joinCode}</span>
        </p>
        <p className="text-sm tabular-nums text-slate-700 dark:text-slate-300">
          {gone
            ? "The server no longer has this session (deleted or expired)."
            : summary
              ? `${plural(summary.players, "student")} · ${plural(summary.rounds, "round")} · ${plural(summary.steps, "step")}`
              : "…"}
        </p>
        {problem && (
          <p role="alert" className="text-sm font-semibold text-orange-800 dark:text-orange-300">
            {problem}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {confirming ? (
          <>
            <span className="text-sm font-semibold">Delete it and its replay for good?</span>
            <button type="button" onClick={remove} disabled={busy} className={buttonClasses("primary", "md", `${SMALL} bg-negative hover:bg-orange-800`)}>
              {busy ? "Deleting…" : "Delete for good"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={busy} className={buttonClasses("secondary", "md", SMALL)}>
              Cancel
            </button>
          </>
        ) : gone ? (
          <button type="button" onClick={() => forgetHostSession(record.sessionId)} className={buttonClasses("secondary", "md", SMALL)}>
            Forget
          </button>
        ) : (
          <>
            <Link href={`/host/${id}`} className={buttonClasses("primary", "md", SMALL)}>
              Open console
            </Link>
            <Link href={`/replay/${id}`} className={buttonClasses("secondary", "md", SMALL)}>
              Replay
            </Link>
            <button
              type="button"
              onClick={() => setConfirming(true)}
              className={buttonClasses("quiet", "md", `${SMALL} text-orange-800 dark:text-orange-300`)}
              aria-label={`Delete ${title}`}
            >
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}
