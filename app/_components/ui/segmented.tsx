/**
 * Two to a handful of mutually exclusive options as one row of buttons. As "toggles" (the console's default) each is
 * an aria-pressed button, a Tab stop that works with Enter or Space, which is what an instructor's keyboard expects;
 * as "radios" the row is a radiogroup, for a setting read back by screen readers as one choice (the replay's).
 */
export function Segmented<T extends string | number>({
  label,
  value,
  options,
  onChange,
  kind = "toggles",
  itemClassName = "py-0.5 2xl:px-2.5",
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  kind?: "toggles" | "radios";
  /** Size of each button beyond the shared look. */
  itemClassName?: string;
}) {
  return (
    <div
      role={kind === "radios" ? "radiogroup" : "group"}
      aria-label={label}
      className="inline-flex shrink-0 rounded-lg border border-slate-400 p-0.5 dark:border-slate-500"
    >
      {options.map((o) => (
        <button
          key={String(o.value)}
          type="button"
          {...(kind === "radios" ? { role: "radio", "aria-checked": value === o.value } : { "aria-pressed": value === o.value })}
          onClick={() => onChange(o.value)}
          className={`rounded-md px-2 text-sm font-semibold ${itemClassName} focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand dark:focus-visible:outline-sky-300 ${
            value === o.value
              ? "bg-brand text-white dark:bg-sky-300 dark:text-slate-950"
              : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
          }`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
