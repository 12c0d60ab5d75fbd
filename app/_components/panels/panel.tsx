import type { ReactNode } from "react";
import { ExplainButton } from "./explain-button";
import type { ExplainKey } from "./explanations";

/** A card with a heading row (title, optional tools, "What am I looking at?") and a body that fills the rest. */
export function Panel({
  title,
  explain,
  tools,
  children,
  className = "",
  labelledBy,
}: {
  title: ReactNode;
  explain?: ExplainKey;
  tools?: ReactNode;
  children: ReactNode;
  className?: string;
  labelledBy?: string;
}) {
  return (
    <section
      aria-labelledby={labelledBy}
      className={`relative flex min-h-0 min-w-0 flex-col rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <header className="flex min-h-10 items-center gap-2">
        <h2 id={labelledBy} className="mr-auto min-w-0 truncate text-lg font-bold 2xl:text-xl">
          {title}
        </h2>
        {tools}
        {explain && <ExplainButton topic={explain} />}
      </header>
      <div className="flex min-h-0 flex-1 flex-col">{children}</div>
    </section>
  );
}
