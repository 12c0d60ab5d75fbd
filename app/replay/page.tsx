import type { Metadata } from "next";
import { BrandLink } from "@/app/_components/ui/brand-link";
import { MySessions } from "@/app/_components/my-sessions/my-sessions";
import { ImportSession } from "./_components/import-session";

export const metadata: Metadata = { title: "Replays" };

const cardClass = "rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900";

/** /replay: import an exported session to replay it here, and the sessions this browser created. */
export default function ReplayIndexPage() {
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-8 px-5 py-8 sm:px-8 sm:py-12">
      <header className="flex flex-col gap-3">
        <BrandLink className="w-fit" />
        <h1 className="text-3xl font-bold sm:text-5xl">Replays</h1>
        <p className="max-w-3xl text-lg text-slate-700 dark:text-slate-300">
          Every session is kept as a log of what happened, so it can be played back step by step — the network, the
          guesses, the scores — and checked against the checksums recorded live.
        </p>
      </header>
      <section aria-labelledby="import-heading" className={`${cardClass} flex flex-col gap-3`}>
        <h2 id="import-heading" className="text-xl font-semibold sm:text-2xl">
          Import a session
        </h2>
        <p className="text-base text-slate-700 dark:text-slate-300">
          A session log exported from another installation (or kept from this one) becomes a session here with its own
          replay link. It is imported only if replaying it reproduces every recorded checksum.
        </p>
        <ImportSession />
      </section>
      <MySessions />
    </main>
  );
}
