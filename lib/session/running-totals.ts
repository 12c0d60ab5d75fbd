import type { RoundState } from "./state";

/**
 * The one rule for totals: a round's points count once the round is revealed (the class saw them). A round the host
 * closed and never revealed — they opened the next one instead — is scored and exported, but counts for nobody.
 * The fold (and so the live leaderboard), results.csv and the replay's student section all add up these points.
 */
export function roundPoints(round: Pick<RoundState, "status" | "scoring">): ReadonlyMap<string, number> {
  if (!roundCounts(round) || !round.scoring) return NO_POINTS;
  return new Map(round.scoring.results.map((r) => [r.playerId, r.score]));
}

const NO_POINTS: ReadonlyMap<string, number> = new Map();

/** Whether a round's points count towards the totals (see roundPoints). */
export function roundCounts(round: Pick<RoundState, "status">): boolean {
  return round.status === "revealed";
}
