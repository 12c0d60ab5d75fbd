import Link from "next/link";
import type { ReactNode } from "react";
import { Button, buttonClasses } from "@/app/_components/ui/button";

/** A whole-page message in the console's style: what happened, and the way on. */
export function ReplayMessage({ title, children, busy = false }: { title: string; children?: ReactNode; busy?: boolean }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-4 px-6" aria-busy={busy}>
      <p className="text-sm font-bold uppercase tracking-widest text-brand dark:text-sky-300">Backprop Live · replay</p>
      <h1 className="text-3xl font-bold sm:text-4xl">{title}</h1>
      <div className="flex flex-col gap-3 text-lg text-slate-700 dark:text-slate-300">{children}</div>
    </main>
  );
}

export function ReplayLoading() {
  return (
    <ReplayMessage title="Loading the replay…" busy>
      <p role="status">Fetching the session&rsquo;s event log.</p>
    </ReplayMessage>
  );
}

export function ReplayNotFound({ sessionId }: { sessionId: string }) {
  return (
    <ReplayMessage title="No session with that link">
      <p>
        There is no session <code className="rounded bg-slate-200 px-1.5 font-mono text-base dark:bg-slate-800">{sessionId}</code> on this
        server. It may have been deleted by its instructor, removed after the retention period, or the link is incomplete.
      </p>
      <p>If you have its exported log (a .json file), you can import it and replay it here.</p>
      <div className="flex flex-wrap gap-3">
        <Link href="/replay" className={buttonClasses("primary")}>
          Import a session log
        </Link>
        <Link href="/" className={buttonClasses("secondary")}>
          Go to the start page
        </Link>
      </div>
    </ReplayMessage>
  );
}

export function ReplayLoadError({ message, onRetry }: { message: string; onRetry: (() => void) | null }) {
  return (
    <ReplayMessage title="The replay could not be loaded">
      <p role="alert">{message}</p>
      <div className="flex flex-wrap gap-3">
        {onRetry && <Button onClick={onRetry}>Try again</Button>}
        <Link href="/" className={buttonClasses("secondary")}>
          Go to the start page
        </Link>
      </div>
    </ReplayMessage>
  );
}
