"use client";
import { useId, type KeyboardEvent, type ReactNode } from "react";

export type SideTab = { id: string; label: ReactNode; content: ReactNode };

/** Tabs for the side column (players / leaderboard), with arrow-key switching as the ARIA tabs pattern expects. */
export function SideTabs({ tabs, selected, onSelect }: { tabs: readonly SideTab[]; selected: string; onSelect: (id: string) => void }) {
  const base = useId();
  const index = Math.max(0, tabs.findIndex((t) => t.id === selected));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const delta = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    onSelect(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };
  const current = tabs[index];
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div role="tablist" aria-label="Class" className="flex gap-1 border-b border-slate-200 dark:border-slate-700" onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const active = t.id === current.id;
          return (
            <button
              key={t.id}
              id={`${base}-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`${base}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(t.id)}
              className={`-mb-px rounded-t-lg border-b-4 px-3 py-1.5 text-lg font-semibold focus-visible:outline-3 focus-visible:outline-brand dark:focus-visible:outline-sky-300 ${
                active ? "border-brand text-slate-950 dark:border-sky-300 dark:text-white" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
              }`}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-tab-${current.id}`} className="min-h-0 flex-1 overflow-auto pt-2">
        {current.content}
      </div>
    </div>
  );
}
