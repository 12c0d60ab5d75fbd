"use client";

const TOGGLE =
  "inline-flex min-h-9 items-center gap-1.5 rounded-lg border px-2.5 text-sm font-semibold focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand dark:focus-visible:outline-sky-300 ";
const ON = "border-brand bg-brand text-white dark:border-sky-300 dark:bg-sky-300 dark:text-slate-950";
const OFF = "border-slate-400 text-slate-800 hover:bg-slate-100 dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800";

/** An on/off switch drawn as a button with aria-pressed; the label says what "on" means. */
export function Toggle({ pressed, onChange, children, title }: { pressed: boolean; onChange: (next: boolean) => void; children: string; title: string }) {
  return (
    <button type="button" aria-pressed={pressed} title={title} onClick={() => onChange(!pressed)} className={TOGGLE + (pressed ? ON : OFF)}>
      <span aria-hidden>{pressed ? "●" : "○"}</span>
      {children}
    </button>
  );
}
