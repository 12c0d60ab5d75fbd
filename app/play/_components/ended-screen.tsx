import Link from "next/link";
import type { StudentView } from "@/lib/protocol";
import { buttonClasses } from "@/app/_components/ui/button";
import { formatPoints } from "../_lib/format";
import { verdictText } from "../_lib/verdict-text";
import { LeaderboardList } from "./leaderboard-list";

/** The lesson is over: final total and rank, the final board, and thanks. */
export function EndedScreen({ view }: { view: StudentView }) {
  const { me, session, reveal } = view;
  return (
    <section aria-labelledby="ended-title" className="flex flex-col gap-4">
      <div className="rounded-2xl bg-brand p-5 text-white">
        <p className="text-sm font-semibold uppercase tracking-wide">Session over</p>
        <h1 id="ended-title" className="text-3xl font-bold">
          Thanks for playing, {me.nickname}!
        </h1>
        <p className="mt-3 text-lg">
          Final score <strong className="text-3xl tabular-nums">{formatPoints(me.total)}</strong> points
        </p>
        {me.rank !== null ? (
          <p className="text-lg">
            You finished <strong className="tabular-nums">#{me.rank}</strong> of {session.playerCount}.
          </p>
        ) : null}
      </div>
      {reveal ? (
        <p className="text-base text-slate-800 dark:text-slate-200">
          Last round: <strong>{verdictText(reveal.verdict, reveal.k).title.toLowerCase()}</strong>
          {reveal.mine ? `, +${formatPoints(reveal.mine.score)} points` : ""}.
        </p>
      ) : null}
      <LeaderboardList view={view} title="Final leaderboard" />
      <p className="text-base text-slate-800 dark:text-slate-200">
        Every round showed the same trade-off: a small α crawls, a large one overshoots or blows up. Picking it well is
        part of training every real neural network.
      </p>
      {/* The replay link carries the session id: anyone in the class may look back at every round. No prefetch: the
          replay and landing pages carry the engine and zod, which a phone should only download if it goes there. */}
      <Link href={`/replay/${session.id}`} prefetch={false} className={buttonClasses("primary", "lg")}>
        Replay the whole session
      </Link>
      <Link href="/" prefetch={false} className={buttonClasses("secondary", "lg")}>
        Back to the start
      </Link>
    </section>
  );
}
