"use client";
import type { RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import { ClosedStage } from "@/app/_components/stages/closed-stage";
import { EndedStage } from "@/app/_components/stages/ended-stage";
import type { HostView } from "@/lib/protocol";
import { LobbyStage } from "./lobby-stage";
import type { NameOf } from "@/lib/session";
import { RevealStage } from "@/app/_components/stages/reveal-stage";
import { RoundOpenStage } from "./round-open-stage";

/**
 * The big area, following the same rules as the console's stage (ended → podium, open → question, closed →
 * suspense, revealed → the α curve, which stays up while the class steps), so the replay shows what the room saw.
 */
export function ReplayStage({ view, nameOf, ranked, continued }: { view: HostView; nameOf: NameOf; ranked: readonly RankedPlayer[]; continued: boolean }) {
  const round = view.round;
  const status = view.session.status;
  const active = view.players.filter((p) => !p.kicked);
  if (status === "ended")
    return <EndedStage entries={ranked} rounds={view.roundCount} history={view.history} calibration={view.calibrationBoard} nameOf={nameOf} />;
  if (round?.status === "open")
    return <RoundOpenStage round={round} answered={round.guesses.length} total={active.length} paused={status === "paused"} />;
  if (round?.status === "closed") return <ClosedStage number={round.number} guesses={round.guesses.length} guess={round.guess} />;
  if (round?.status === "revealed" && round.reveal)
    return (
      <RevealStage layout="replay" round={round} reveal={round.reveal} nameOf={nameOf} alphaRange={[view.session.rules.alphaMin, view.session.rules.alphaMax]} />
    );
  return (
    <LobbyStage
      title={view.session.config.name}
      joinCode={view.session.joinCode}
      playerIds={active.map((p) => p.id)}
      nameOf={nameOf}
      continued={continued}
    />
  );
}
