/**
 * Two or three mutually exclusive options as a group of toggle buttons (aria-pressed): each is a Tab stop and
 * works with Enter or Space, which is what an instructor's keyboard expects.
 */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex shrink-0 rounded-lg border border-slate-400 p-0.5 dark:border-slate-500">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={`rounded-md px-2 py-0.5 text-sm font-semibold 2xl:px-2.5 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand dark:focus-visible:outline-sky-300 ${
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
