import type { ButtonHTMLAttributes } from "react";

/** A button's gate: a server gate (view.gates) or a local one for what is typed in a field. */
export type ButtonGate = { ok: true } | { ok: false; why: string };

export type ConsoleTone = "primary" | "secondary" | "danger" | "quiet";

const base =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl px-4 text-base font-semibold whitespace-nowrap transition-colors " +
  "focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:focus-visible:outline-sky-300 " +
  "disabled:cursor-not-allowed";

// Disabled keeps readable text (slate-600 on slate-100 ≈ 7:1): the instructor should still see what the button is.
const tones: Record<ConsoleTone, string> = {
  primary:
    "bg-brand text-white hover:bg-[#094b8e] active:bg-[#073b70] disabled:bg-slate-200 disabled:text-slate-600 " +
    "dark:disabled:bg-slate-800 dark:disabled:text-slate-400",
  secondary:
    "border-2 border-brand bg-white text-brand hover:bg-sky-50 disabled:border-slate-300 disabled:bg-slate-100 disabled:text-slate-600 " +
    "dark:border-sky-300 dark:bg-slate-900 dark:text-sky-200 dark:hover:bg-slate-800 dark:disabled:border-slate-700 dark:disabled:bg-slate-900 dark:disabled:text-slate-400",
  danger:
    "border-2 border-[#b34700] bg-white text-[#9a3d00] hover:bg-orange-50 disabled:border-slate-300 disabled:bg-slate-100 disabled:text-slate-600 " +
    "dark:border-orange-400 dark:bg-slate-900 dark:text-orange-300 dark:hover:bg-slate-800 dark:disabled:border-slate-700 dark:disabled:text-slate-400",
  quiet:
    "text-slate-800 hover:bg-slate-200 disabled:text-slate-500 dark:text-slate-100 dark:hover:bg-slate-800 dark:disabled:text-slate-500",
};

export type ConsoleButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  tone?: ConsoleTone;
  /** When given, the button is disabled unless the gate is open, and says why in its title. */
  gate?: ButtonGate;
  busy?: boolean;
};

/** The console's button: type="button" by default, disabled with a reason (title) when its command does not apply. */
export function ConsoleButton({ tone = "secondary", gate, busy = false, className = "", title, disabled, children, ...rest }: ConsoleButtonProps) {
  const blocked = disabled || busy || (gate !== undefined && !gate.ok);
  return (
    <button
      type="button"
      className={`${base} ${tones[tone]} ${className}`}
      disabled={blocked}
      title={gate && !gate.ok ? gate.why : title}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}
