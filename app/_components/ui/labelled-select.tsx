"use client";
import { useId, type ReactNode } from "react";

/** A label and its select side by side (the replay's "Round" and "Student" pickers); the caller sizes both. */
export function LabelledSelect({
  label,
  value,
  onChange,
  children,
  labelClassName,
  selectClassName,
}: {
  label: string;
  value: string | number;
  onChange: (value: string) => void;
  children: ReactNode;
  labelClassName: string;
  selectClassName: string;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className={`${labelClassName} font-medium`}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`${selectClassName} rounded-lg border border-slate-400 bg-white px-2 text-base dark:border-slate-500 dark:bg-slate-900`}
      >
        {children}
      </select>
    </div>
  );
}
