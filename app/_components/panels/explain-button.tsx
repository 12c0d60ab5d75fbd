"use client";
import { useId, useRef, useState } from "react";
import { EXPLAIN, type ExplainKey } from "./explanations";

/**
 * "What am I looking at?": a toggle that lays a short explanation over its panel (the panel must be `relative`).
 * Overlaying instead of pushing content keeps the presenter layout from scrolling. Focus moves to the overlay's
 * close button and back to the toggle when it closes (Escape works too).
 */
export function ExplainButton({ topic }: { topic: ExplainKey }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const text = EXPLAIN[topic];
  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        title="What am I looking at?"
        className="shrink-0 rounded-full border border-slate-400 px-2.5 py-0.5 text-sm font-medium 2xl:px-3 text-slate-700 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:border-slate-500 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300"
      >
        {/* Short on a laptop-sized console, the full question on a projector-sized one. */}
        <span className="2xl:hidden">
          <span aria-hidden>?</span>
          <span className="sr-only">What am I looking at?</span>
        </span>
        <span className="hidden 2xl:inline">What am I looking at?</span>
      </button>
      {open && (
        <div
          id={id}
          role="region"
          aria-label={text.title}
          onKeyDown={(e) => e.key === "Escape" && close()}
          className="absolute inset-x-3 top-12 bottom-3 z-20 overflow-auto rounded-xl border border-slate-300 bg-white p-4 text-lg leading-relaxed text-slate-900 shadow-xl dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        >
          <div className="flex items-start gap-3">
            <h3 className="mr-auto text-xl font-bold">{text.title}</h3>
            <button
              type="button"
              autoFocus
              onClick={close}
              className="rounded-lg border border-slate-400 px-3 py-0.5 text-base font-semibold hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:border-slate-500 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300"
            >
              Close
            </button>
          </div>
          {text.paragraphs.map((p) => (
            <p key={p.slice(0, 24)} className="mt-2">
              {p}
            </p>
          ))}
        </div>
      )}
    </>
  );
}
