"use client";
import type { ReactNode } from "react";

export type CardOption<T extends string> = { id: T; title: string; formula?: string; detail?: string; picture?: ReactNode };

type Props<T extends string> = {
  name: string;
  legend: string;
  options: readonly CardOption<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Grid classes for the cards, e.g. "grid-cols-1 sm:grid-cols-2". */
  grid: string;
  /** "row": picture beside the text (scenarios); "stack": picture above a short name (datasets). */
  layout?: "row" | "stack";
};

/**
 * Native radio buttons dressed as cards: arrow keys, Tab and screen readers work as for any radio group.
 * The chosen card gets a thick border, a tint and a ✓ badge, so the choice never rests on colour alone.
 */
export function RadioCards<T extends string>({ name, legend, options, value, onChange, grid, layout = "row" }: Props<T>) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-base font-semibold">{legend}</legend>
      <div className={`grid gap-2 ${grid}`}>
        {options.map((option) => (
          <label
            key={option.id}
            className={`group relative flex min-h-11 cursor-pointer gap-3 rounded-xl border-2 border-slate-300 bg-white p-2 text-ink transition-colors hover:border-slate-500 has-checked:border-brand has-checked:bg-sky-50 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-brand dark:bg-slate-900 dark:text-slate-100 dark:has-checked:bg-slate-800 ${
              layout === "stack" ? "flex-col items-center text-center" : "items-center"
            }`}
          >
            <input
              type="radio"
              name={name}
              value={option.id}
              checked={value === option.id}
              onChange={() => onChange(option.id)}
              className="sr-only"
            />
            {option.picture}
            <span className={layout === "row" ? "min-w-0 pr-5" : "min-w-0"}>
              <span className="block font-semibold">{option.title}</span>
              {option.formula ? <span className="block font-medium text-brand dark:text-sky-300">{option.formula}</span> : null}
              {option.detail ? <span className="block text-sm text-slate-700 dark:text-slate-300">{option.detail}</span> : null}
            </span>
            <span
              aria-hidden="true"
              className="absolute top-1 right-1 hidden size-5 items-center justify-center rounded-full bg-brand text-xs font-bold text-white group-has-checked:flex"
            >
              ✓
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Stacked cards that are a picture and a short name, one per item (the datasets, the curves to fit). */
export function PictureCards<T extends string>({
  items,
  pictures,
  ...rest
}: Omit<Props<T>, "options" | "layout"> & { items: readonly { id: T; title: string }[]; pictures: Record<T, ReactNode> }) {
  return <RadioCards {...rest} layout="stack" options={items.map((item) => ({ id: item.id, title: item.title, picture: pictures[item.id] }))} />;
}
