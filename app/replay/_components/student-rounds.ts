import type { GuessKind, Verdict } from "@/lib/protocol";
import { judgedResultOf, roundCounts, roundPoints, type SessionState } from "@/lib/session";

export type StudentRound = {
  round: number;
  /** What the round guessed: in a β round `bestAlpha` and `alpha` hold β. */
  guess: GuessKind;
  k: number;
  bestAlpha: number | null;
  /** null when the student did not guess in this round. */
  alpha: number | null;
  loss: number | null;
  diverged: boolean;
  score: number;
  bonus: number;
  /** Rank by loss among this round's guesses. */
  roundRank: number | null;
  /** From lib/session/mastery (null without a guess). */
  verdict: Verdict | null;
  calibration: number | null;
  guessCount: number;
  revealed: boolean;
  /** Running total and overall rank right after the reveal (null for a round never revealed). */
  total: number | null;
  rank: number | null;
};

/**
 * One student's lesson, round by round, from the whole folded session: the stored scoring of each round and the
 * overall ranks the fold recorded right after each reveal (what the leaderboard said then).
 */
export function studentRounds(state: SessionState, ranksAfter: ReadonlyMap<number, ReadonlyMap<string, number>>, playerId: string): StudentRound[] {
  const rows: StudentRound[] = [];
  let total = 0;
  for (const round of state.rounds) {
    const scoring = round.scoring;
    if (!scoring) continue;
    const mine = judgedResultOf(round, playerId);
    const revealed = roundCounts(round);
    total += roundPoints(round).get(playerId) ?? 0;
    rows.push({
      round: round.number,
      guess: round.guess,
      k: scoring.k,
      bestAlpha: scoring.bestAlpha,
      alpha: mine?.alpha ?? null,
      loss: mine?.loss ?? null,
      diverged: mine?.diverged ?? false,
      score: mine?.score ?? 0,
      bonus: mine?.bonus ?? 0,
      roundRank: mine?.rank ?? null,
      verdict: mine?.verdict ?? null,
      calibration: mine?.calibration ?? null,
      guessCount: scoring.results.length,
      revealed,
      total: revealed ? total : null,
      rank: revealed ? (ranksAfter.get(round.number)?.get(playerId) ?? null) : null,
    });
  }
  return rows;
}

/** Students for the picker: best final rank first, then join order; removed students last. */
export function studentChoices(state: SessionState, ranks: ReadonlyMap<string, number>): { id: string; nickname: string; pseudonym: string; kicked: boolean }[] {
  const joinOrder = new Map([...state.players.keys()].map((id, i) => [id, i]));
  return [...state.players.values()]
    .map((p) => ({ id: p.id, nickname: p.nickname, pseudonym: p.pseudonym, kicked: p.kicked, rank: ranks.get(p.id) ?? Infinity, order: joinOrder.get(p.id) ?? 0 }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ id, nickname, pseudonym, kicked }) => ({ id, nickname, pseudonym, kicked }));
}
