import type { LeaderboardEntry } from "@/lib/protocol";
import { activePlayers, type SessionState } from "./state";

/** Competition ranks (1, 2, 2, 4) by total, highest first, over players still in the session. */
export function rankPlayers(state: SessionState, totals?: (id: string) => number): Map<string, number> {
  const total = totals ?? ((id: string) => state.players.get(id)!.total);
  const sorted = activePlayers(state)
    .map((p) => ({ id: p.id, total: total(p.id) }))
    .sort((a, b) => b.total - a.total);
  const ranks = new Map<string, number>();
  sorted.forEach((entry, i) => {
    const previous = sorted[i - 1];
    ranks.set(entry.id, previous && previous.total === entry.total ? ranks.get(previous.id)! : i + 1);
  });
  return ranks;
}

/** Players in board order (rank, then join order) with their ranks: what every board shows before names and limits. */
export type Standings = { ranks: ReadonlyMap<string, number>; order: readonly string[] };

/**
 * The standings, worked out again only when the roster or a total changed: every console patch and phone broadcast
 * asks (20 times a second in a burst of guesses), and guesses change neither. The fold changes the state in place, so
 * before reuse the memo compares every active player's id and total with those it was made from (no sort, no copy).
 */
const standingsMemo = new WeakMap<SessionState, { ids: string[]; totals: number[]; standings: Standings }>();

export function standings(state: SessionState): Standings {
  const memo = standingsMemo.get(state);
  if (memo && sameTotals(state, memo.ids, memo.totals)) return memo.standings;
  const ranks = rankPlayers(state);
  const joinOrder = new Map([...state.players.keys()].map((id, i) => [id, i]));
  const order = [...ranks.keys()].sort((a, b) => ranks.get(a)! - ranks.get(b)! || joinOrder.get(a)! - joinOrder.get(b)!);
  const ids: string[] = [];
  const totals: number[] = [];
  for (const p of state.players.values()) {
    if (p.kicked) continue;
    ids.push(p.id);
    totals.push(p.total);
  }
  const made = { ranks, order };
  standingsMemo.set(state, { ids, totals, standings: made });
  return made;
}

function sameTotals(state: SessionState, ids: readonly string[], totals: readonly number[]): boolean {
  let i = 0;
  for (const p of state.players.values()) {
    if (p.kicked) continue;
    if (ids[i] !== p.id || !Object.is(totals[i], p.total)) return false;
    i++;
  }
  return i === ids.length;
}

/** Ordered leaderboard (ties by join order); `displayName` picks nickname or pseudonym. */
export function leaderboard(
  state: SessionState,
  limit: number,
  displayName: (id: string) => string,
  { ranks, order }: Standings = standings(state),
): LeaderboardEntry[] {
  return order.slice(0, limit).map((playerId) => ({
    playerId,
    nickname: displayName(playerId),
    total: state.players.get(playerId)!.total,
    rank: ranks.get(playerId)!,
    previousRank: state.previousRanks.get(playerId) ?? null,
  }));
}
