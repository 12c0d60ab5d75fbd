"use client";
import { useId } from "react";
import { useHostRecords } from "./host-records";
import { SessionItem } from "./session-item";
import { useSummaries } from "./use-summaries";

/**
 * "Your sessions": the sessions created in this browser (it holds their host keys), with what the server knows about
 * each — players, rounds, steps, status — and the ways back in: console, replay, delete. Renders nothing when this
 * browser has not created any session, so it can sit on a page without an empty box.
 */
export function MySessions({ className = "" }: { className?: string }) {
  const headingId = useId();
  const records = useHostRecords();
  const { summaries, retry } = useSummaries(records?.map((r) => r.sessionId) ?? []);
  if (!records || records.length === 0) return null;

  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900 ${className}`}
      data-testid="my-sessions"
    >
      <h2 id={headingId} className="text-xl font-semibold sm:text-2xl">
        Your sessions
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">Created in this browser, which keeps their host keys.</p>
      {summaries.status === "error" && (
        <p role="alert" className="mt-2 text-sm text-orange-800 dark:text-orange-300">
          Could not ask the server about them: {summaries.message}{" "}
          <button type="button" onClick={retry} className="font-semibold underline underline-offset-4">
            Try again
          </button>
        </p>
      )}
      <ul className="mt-2 flex flex-col">
        {records.map((record) => (
          <SessionItem
            key={record.sessionId}
            record={record}
            summary={summaries.status !== "ready" ? undefined : (summaries.byId.get(record.sessionId) ?? (summaries.asked.has(record.sessionId) ? null : undefined))}
          />
        ))}
      </ul>
    </section>
  );
}
