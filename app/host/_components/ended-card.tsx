import Link from "next/link";

/** Replaces the controls once the session has ended: nothing can be changed any more, so say so instead. */
export function EndedCard() {
  return (
    <div className="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="text-xl font-bold">This session has ended</h2>
      <p className="text-lg text-slate-700 dark:text-slate-300">
        Scores are final and students can no longer guess. The session stays recorded, step by step.
      </p>
      <Link
        href="/"
        className="inline-flex min-h-11 w-fit items-center rounded-xl bg-brand px-4 text-base font-semibold text-white hover:bg-[#094b8e] focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand"
      >
        Start a new session
      </Link>
    </div>
  );
}
