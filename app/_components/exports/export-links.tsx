"use client";
import { useState, type MouseEvent } from "react";
import { hostSession } from "@/app/_lib/stored-credentials";

const LINK =
  "inline-flex min-h-9 items-center gap-1.5 rounded-lg border border-slate-400 px-2.5 text-sm font-semibold text-slate-800 " +
  "hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand " +
  "dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300";

/** The file name the server chose (Content-Disposition), or a fallback. */
function fileName(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
}

/**
 * A session's downloads — results as CSV (one row per student per round) and the whole event log as JSON (to keep,
 * or to import on another installation) — and its replay. Until a session ends its log is its host's only, and a
 * plain link cannot send the host key: in the browser that holds it, a click downloads with the key (fetch, then a
 * blob link); elsewhere the links are plain and the server names the files.
 * The replay opens in a new tab so a live console that shows these links stays where it is.
 */
export function ExportLinks({ sessionId, showReplay = true, className = "" }: { sessionId: string; showReplay?: boolean; className?: string }) {
  const base = `/api/replays/${encodeURIComponent(sessionId)}`;
  const [problem, setProblem] = useState<string | null>(null);

  async function download(event: MouseEvent<HTMLAnchorElement>, href: string, fallback: string) {
    const host = hostSession(sessionId);
    if (!host) return; // a plain link: the session has ended, or this is not the host's browser
    event.preventDefault();
    setProblem(null);
    try {
      const response = await fetch(href, { headers: { authorization: `Bearer ${host.hostToken}` } });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        const message = body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null;
        setProblem(message ?? `The server answered with status ${response.status}.`);
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName(response, fallback);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setProblem("Could not reach the server. Check the connection and try again.");
    }
  }

  return (
    <nav aria-label="Exports" className={`flex flex-wrap items-center gap-2 ${className}`}>
      <a
        href={`${base}/results.csv`}
        download
        onClick={(e) => void download(e, `${base}/results.csv`, "results.csv")}
        className={LINK}
        title="Each student's guess, loss, score and rank in every round"
      >
        <span aria-hidden>↓</span> Results (CSV)
      </a>
      <a
        href={`${base}/log.json`}
        download
        onClick={(e) => void download(e, `${base}/log.json`, "session-log.json")}
        className={LINK}
        title="The whole event log, to keep or to import elsewhere"
      >
        <span aria-hidden>↓</span> Session log (JSON)
      </a>
      {showReplay && (
        <a href={`/replay/${encodeURIComponent(sessionId)}`} target="_blank" rel="noopener" className={LINK}>
          <span aria-hidden>▶</span> Replay
        </a>
      )}
      {problem && (
        <span role="alert" className="text-sm font-semibold text-negative">
          {problem}
        </span>
      )}
    </nav>
  );
}
