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

/** Ordered leaderboard (ties by join order); `displayName` picks nickname or pseudonym. */
export function leaderboard(
  state: SessionState,
  limit: number,
  displayName: (id: string) => string,
  ranks: Map<string, number> = rankPlayers(state),
): LeaderboardEntry[] {
  const joinOrder = new Map([...state.players.keys()].map((id, i) => [id, i]));
  return [...ranks.entries()]
    .sort((a, b) => a[1] - b[1] || joinOrder.get(a[0])! - joinOrder.get(b[0])!)
    .slice(0, limit)
    .map(([playerId, rank]) => ({
      playerId,
      nickname: displayName(playerId),
      total: state.players.get(playerId)!.total,
      rank,
      previousRank: state.previousRanks.get(playerId) ?? null,
    }));
}
