"use client";
import { memo, useMemo } from "react";
import { LeaderboardList, type RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import { LossPanel } from "@/app/_components/panels/loss-panel";
import { ModelPanel } from "@/app/_components/panels/model-panel";
import { comparisonOf } from "@/app/_components/pictures/momentum-compare";
import { hostView, nameLookup, type SessionState } from "@/lib/session";
import { GuessTable } from "@/app/_components/stages/guess-table";
import { NetworkCard } from "./network-card";
import { ReplayStage } from "./replay-stage";

const CARD = "rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900";

/**
 * One moment of the lesson, drawn from the exact HostView the console had then (lib/session's hostView of the state
 * after that event). Memoised: the background fold re-renders the page often, and a frame only changes when its
 * snapshot does. The pictures get the engine state itself, which is shared by every frame between two steps, so
 * their own memos (heatmap, cost surface) are not recomputed when only the round moves on.
 */
export const FrameView = memo(function FrameView({
  snapshot,
  at,
  sessionId,
  joinCode,
  anonymise,
  continued,
}: {
  snapshot: SessionState;
  at: number;
  sessionId: string;
  joinCode: string;
  anonymise: boolean;
  continued: boolean;
}) {
  const view = useMemo(
    () => hostView(snapshot, { sessionId, joinCode, joinUrl: "", replayUrl: "", now: at, isConnected: () => false }),
    [snapshot, sessionId, joinCode, at],
  );
  const nameOf = useMemo(() => nameLookup(view.players, anonymise), [view.players, anonymise]);
  const ranked: RankedPlayer[] = useMemo(() => view.leaderboard.map((e) => ({ ...e, name: nameOf(e.playerId) })), [view.leaderboard, nameOf]);
  const round = view.round;
  const latestRevealed = round ? (round.status === "revealed" ? round.number : round.number - 1) : 0;
  const engine = snapshot.engine;

  return (
    <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_24rem]" data-seq={view.seq} data-checksum={view.checksum}>
      <div className="flex min-w-0 flex-col gap-3">
        <section aria-label="Stage" className={`${CARD} min-h-64 md:h-[22rem] md:min-h-0 2xl:h-[28rem]`} data-testid="stage">
          <ReplayStage view={view} nameOf={nameOf} ranked={ranked} continued={continued} />
        </section>
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3 [&>*]:h-[22rem] xl:[&>*]:h-[20rem] 2xl:[&>*]:h-[26rem]">
          <NetworkCard state={engine} />
          <ModelPanel state={engine} history={view.history} comparison={comparisonOf(view)} />
          <LossPanel history={view.history} />
        </div>
      </div>
      <aside aria-label="Class" className="flex min-w-0 flex-col gap-3">
        <section aria-labelledby="replay-leaderboard" className={CARD}>
          <h2 id="replay-leaderboard" className="mb-2 text-lg font-bold">
            Leaderboard
          </h2>
          <LeaderboardList entries={ranked} limit={10} showMovement={latestRevealed >= 2} />
        </section>
        <section aria-labelledby="replay-guesses" className={CARD}>
          <h2 id="replay-guesses" className="mb-2 text-lg font-bold">
            {round ? `Round ${round.number} guesses` : "Guesses"}
          </h2>
          <GuessTable round={round} nameOf={nameOf} />
        </section>
      </aside>
    </div>
  );
});
