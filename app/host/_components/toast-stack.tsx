import type { Toast } from "./use-toasts";

const LOOK: Record<Toast["tone"], { box: string; glyph: string; word: string }> = {
  error: { box: "border-negative", glyph: "×", word: "Problem" },
  success: { box: "border-accent", glyph: "✓", word: "Done" },
  info: { box: "border-positive", glyph: "i", word: "Note" },
};

/**
 * Toasts at the top right of the stage, clear of the controls column (which a bottom corner would cover on a
 * 720p screen). Errors are announced assertively (role=alert), the rest
 * politely. Shape and a word carry the tone as well as colour.
 */
export function ToastStack({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="pointer-events-none fixed top-20 right-[25.5rem] z-50 2xl:right-[29.5rem] flex w-[min(28rem,calc(100vw-2rem))] flex-col gap-2" aria-live="polite">
      {toasts.map((t) => {
        const look = LOOK[t.tone];
        return (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            className={`pointer-events-auto flex items-start gap-3 rounded-xl border-l-8 bg-white p-3 text-base text-slate-900 shadow-xl ring-1 ring-slate-300 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 ${look.box}`}
          >
            <span aria-hidden className="mt-0.5 text-xl font-black leading-none">
              {look.glyph}
            </span>
            <p className="min-w-0 flex-1">
              <span className="sr-only">{look.word}: </span>
              {t.text}
            </p>
            <button
              type="button"
              onClick={() => onDismiss(t.id)}
              className="rounded-md px-2 text-lg leading-none text-slate-600 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-brand dark:text-slate-300 dark:hover:bg-slate-800"
              aria-label="Dismiss message"
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
