import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "quiet";
export type ButtonSize = "md" | "lg";

const base =
  "inline-flex items-center justify-center gap-2 rounded-xl font-semibold transition-colors select-none " +
  "focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand " +
  "disabled:cursor-not-allowed dark:focus-visible:outline-sky-300";

// Every size keeps at least a 44 px touch target (WCAG 2.5.5).
const sizes: Record<ButtonSize, string> = {
  md: "min-h-11 min-w-11 px-4 text-base",
  lg: "min-h-14 min-w-14 px-5 text-lg",
};

// Disabled buttons keep readable text (slate-700 on slate-200 ≈ 8:1) so "why can't I tap this" stays legible.
const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand text-white hover:bg-[#094b8e] active:bg-[#073b70] disabled:bg-slate-200 disabled:text-slate-700",
  secondary:
    "border-2 border-brand bg-white text-brand hover:bg-sky-50 active:bg-sky-100 disabled:border-slate-300 " +
    "disabled:bg-slate-100 disabled:text-slate-600 dark:bg-slate-900 dark:text-sky-200 dark:border-sky-300",
  quiet: "bg-transparent text-brand underline-offset-4 hover:underline disabled:text-slate-600 dark:text-sky-300",
};

/** Class names of a button, for links that should look like one. */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", extra = ""): string {
  return `${base} ${sizes[size]} ${variants[variant]} ${extra}`.trim();
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize };

/** A button that is never a surprise submit: type defaults to "button". */
export function Button({ variant = "primary", size = "md", className = "", type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...rest} />;
}
