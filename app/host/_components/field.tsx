import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

export const FIELD_CLASS =
  "min-h-11 rounded-lg border-2 border-slate-400 bg-white px-2 text-base text-slate-900 tabular-nums " +
  "focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand disabled:bg-slate-100 disabled:text-slate-600 " +
  "dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:focus-visible:outline-sky-300 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";

/** A labelled input: the label is visible (small, above), so every control is named for screen readers too. */
export function NumberField({ label, hint, className = "", ...rest }: { label: ReactNode; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="flex flex-col gap-0.5 text-sm font-medium text-slate-700 dark:text-slate-300" title={hint}>
      {label}
      <input type="text" inputMode="decimal" className={`${FIELD_CLASS} ${className}`} {...rest} />
    </label>
  );
}

export function SelectField({
  label,
  className = "",
  wrapperClassName = "",
  children,
  ...rest
}: { label: ReactNode; wrapperClassName?: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <label className={`flex flex-col gap-0.5 text-sm font-medium text-slate-700 dark:text-slate-300 ${wrapperClassName}`}>
      {label}
      <select className={`${FIELD_CLASS} ${className}`} {...rest}>
        {children}
      </select>
    </label>
  );
}
