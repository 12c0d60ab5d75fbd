"use client";
import { BrandLink } from "@/app/_components/ui/brand-link";
import { ExportLinks } from "@/app/_components/exports/export-links";
import { Toggle } from "@/app/_components/ui/toggle";
import { formatDate } from "./format-date";

/** Title, whether the session is over, its code and date, view toggles and the exports. */
export function ReplayHeader({
  sessionId,
  title,
  joinCode,
  createdAt,
  ended,
  anonymise,
  onAnonymise,
  dark,
  onDark,
  onReload,
}: {
  sessionId: string;
  title: string;
  joinCode: string;
  createdAt: number;
  ended: boolean;
  anonymise: boolean;
  onAnonymise: (v: boolean) => void;
  dark: boolean;
  onDark: (v: boolean) => void;
  onReload: () => void;
}) {
  const date = formatDate(createdAt);
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
        <BrandLink className="shrink-0" weight="font-bold" />
        <span className="shrink-0 rounded-full bg-slate-900 px-3 py-0.5 text-sm font-bold uppercase tracking-wide text-white dark:bg-slate-100 dark:text-slate-900">
          Replay
        </span>
        <h1 className="min-w-0 truncate text-xl font-bold 2xl:text-2xl">{title}</h1>
        <span
          className={`shrink-0 rounded-full px-3 py-0.5 text-base font-semibold ${
            ended ? "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50" : "bg-emerald-100 text-emerald-950 dark:bg-emerald-900 dark:text-emerald-50"
          }`}
          data-testid="session-status"
        >
          {ended ? "Ended" : "Still running"}
        </span>
        <span className="text-base text-slate-700 dark:text-slate-300">
          code <span className="font-mono font-bold tracking-wider">{joinCode}</span> · {date}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {!ended && (
          <button
            type="button"
            onClick={onReload}
            className="min-h-9 rounded-lg px-2.5 text-sm font-semibold text-brand underline-offset-4 hover:underline dark:text-sky-300"
            title="The session is still running: fetch the events recorded since this page opened"
          >
            ↻ Load new events
          </button>
        )}
        <Toggle pressed={anonymise} onChange={onAnonymise} title="Show pseudonyms instead of nicknames">
          Pseudonyms
        </Toggle>
        <Toggle pressed={dark} onChange={onDark} title="Dark theme">
          Dark
        </Toggle>
        <ExportLinks sessionId={sessionId} showReplay={false} />
      </div>
    </header>
  );
}
