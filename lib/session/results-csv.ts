import type { StoredEvent } from "./events";
import { applyEvent, initialState } from "./fold";

export const RESULTS_CSV_HEADER = ["nickname", "round", "alpha", "loss_reached", "score", "rank", "answered_after_s", "running_total"] as const;

/** RFC 4180 quoting; also defuses spreadsheet formulas (a nickname like "=cmd()" must stay text). */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per student per scored round: nickname, round, α, loss reached, score, rank, seconds to answer, and the
 * running total after that round. Students who did not guess in a round have no row for it. Rows follow the log.
 * Totals follow the fold's rule (fold.ts, "round.revealed"): a round counts once it is revealed, so a round the host
 * closed and never revealed has its rows, with an empty running total, and adds nothing.
 */
export function resultsCsv(events: readonly StoredEvent[]): string {
  const state = initialState(events[0]);
  const revealed = new Set(events.flatMap((e) => (e.event.type === "round.revealed" ? [e.event.round] : [])));
  const running = new Map<string, number>();
  const rows: string[] = [RESULTS_CSV_HEADER.join(",")];
  for (let i = 1; i < events.length; i++) {
    applyEvent(state, events[i]);
    const e = events[i].event;
    if (e.type !== "round.closed") continue;
    const counts = revealed.has(e.round);
    for (const r of e.scoring.results) {
      const total = counts ? (running.get(r.playerId) ?? 0) + r.score : null;
      if (total !== null) running.set(r.playerId, total);
      rows.push(
        [state.players.get(r.playerId)?.nickname ?? r.playerId, e.round, r.alpha, r.loss, r.score, r.rank, r.answeredAfter, total]
          .map(cell)
          .join(","),
      );
    }
  }
  return rows.join("\r\n") + "\r\n";
}
