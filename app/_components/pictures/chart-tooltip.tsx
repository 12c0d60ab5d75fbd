import type { ReactNode } from "react";

/** The card every chart tooltip uses: opaque, high-contrast, large enough to read on a projector. */
export function ChartTooltipCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-lg dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <p className="font-semibold">{title}</p>
      <div className="mt-1 flex flex-col gap-0.5 tabular-nums">{children}</div>
    </div>
  );
}
