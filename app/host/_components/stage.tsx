"use client";
import type { RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import type { EngineState } from "@/lib/engine";
import type { HostView } from "@/lib/protocol";
import { ChainRuleStage } from "./chain-rule-stage";
import { ClosedStage } from "@/app/_components/stages/closed-stage";
import { EndedStage } from "@/app/_components/stages/ended-stage";
import { IdleStage } from "./idle-stage";
import { JoinStage } from "./join-stage";
import { RevealStage } from "@/app/_components/stages/reveal-stage";
import { RoundLiveStage } from "./round-live-stage";

export type StageProps = {
  view: HostView;
  state: EngineState;
  clockOffset: number;
  nameOf: (playerId: string) => string;
  ranked: readonly RankedPlayer[];
  activeCount: number;
  showJoin: boolean;
  chainRule: { paramIndex: number; sampleIndex: number; onSampleChange: (i: number) => void; onClose: () => void } | null;
};

/** The big area the class looks at. What it shows follows the session: join → question → suspense → reveal → podium. */
export function Stage({ view, state, clockOffset, nameOf, ranked, activeCount, showJoin, chainRule }: StageProps) {
  const round = view.round;
  const status = view.session.status;
  if (chainRule) return <ChainRuleStage state={state} {...chainRule} />;
  if (status === "ended")
    return <EndedStage entries={ranked} rounds={view.roundCount} history={view.history} calibration={view.calibrationBoard} nameOf={nameOf} />;
  if (showJoin) return <JoinStage session={view.session} playerCount={activeCount} />;
  if (round?.status === "open")
    return (
      <RoundLiveStage
        round={round}
        answered={round.guesses.length}
        total={activeCount}
        clockOffset={clockOffset}
        paused={status === "paused"}
        joinCode={view.session.joinCode}
      />
    );
  if (round?.status === "closed") return <ClosedStage number={round.number} guesses={round.guesses.length} guess={round.guess} />;
  if (round?.status === "revealed" && round.reveal)
    return <RevealStage round={round} reveal={round.reveal} nameOf={nameOf} alphaRange={[view.session.rules.alphaMin, view.session.rules.alphaMax]} />;
  return <IdleStage nextRound={(round?.number ?? 0) + 1} title={view.session.config.name} />;
}
