import type { ReactNode } from "react";

export type NoticeTone = "info" | "success" | "warning" | "error";

// Tone is carried by an icon and a word-like glyph as well as colour, so it survives colour blindness and greyscale.
const tones: Record<NoticeTone, { box: string; icon: string; glyph: string }> = {
  info: { box: "border-positive bg-sky-50 dark:bg-slate-900", icon: "bg-positive text-white", glyph: "i" },
  success: { box: "border-accent bg-emerald-50 dark:bg-slate-900", icon: "bg-accent text-white", glyph: "✓" },
  warning: { box: "border-warn bg-amber-50 dark:bg-slate-900", icon: "bg-warn text-ink", glyph: "!" },
  error: { box: "border-negative bg-orange-50 dark:bg-slate-900", icon: "bg-negative text-white", glyph: "×" },
};

type NoticeProps = {
  tone?: NoticeTone;
  title?: ReactNode;
  children?: ReactNode;
  /** "alert" interrupts a screen reader (use for errors the user caused); otherwise nothing is announced by itself. */
  role?: "alert" | "status";
  className?: string;
  id?: string;
};

/** A boxed message: left border and a round icon in the tone's colour, body text always in ink for contrast. */
export function Notice({ tone = "info", title, children, role, className = "", id }: NoticeProps) {
  const t = tones[tone];
  return (
    <div id={id} role={role} className={`flex gap-3 rounded-xl border-l-4 p-3 text-ink dark:text-slate-100 ${t.box} ${className}`}>
      <span
        aria-hidden="true"
        className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-sm font-bold ${t.icon}`}
      >
        {t.glyph}
      </span>
      <div className="min-w-0 flex-1 text-base">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}
