import type { StudentSummary } from "./export-file";
import { answeredRounds, calibrationRanks, meanCalibration, roundDecades, trendFrom } from "./mastery";
import type { SessionState } from "./state";

/**
 * Every student's mastery at the end of a log, in join order: totals, rounds answered, mean calibration, place on
 * the "best calibrated" board, trend, and each answered revealed round. The JSON export carries it so a reader need
 * not fold the log; it is the same mastery.ts reading the console and the phones show.
 */
export function studentSummaries(state: SessionState): StudentSummary[] {
  const answered = answeredRounds(state.rounds);
  const ranks = calibrationRanks(state, answered);
  return [...state.players.values()].map((player) => {
    const rounds = answered.get(player.id) ?? [];
    const trend = trendFrom(rounds);
    return {
      playerId: player.id,
      nickname: player.nickname,
      kicked: player.kicked,
      total: player.total,
      roundsAnswered: rounds.length,
      meanCalibration: meanCalibration(rounds)?.decades ?? null,
      calibrationRank: ranks.get(player.id) ?? null,
      trend: trend && { kind: trend.kind, sentence: trend.sentence },
      rounds: rounds.map((r) => ({
        round: r.round,
        guess: r.guess,
        value: r.value,
        verdict: r.verdict,
        calibration: r.calibration === null ? null : roundDecades(r.calibration),
        score: r.score,
      })),
    };
  });
}
