import type { StoredEvent } from "./events";
import { foldEvents } from "./fold";
import { judgedResults, roundDecades } from "./mastery";
import { roundCounts, roundPoints } from "./running-totals";

/**
 * The first eight columns are v1's, in v1's order (spreadsheets and scripts read them by position); mastery came
 * later and is appended. In a β round the `alpha` column holds the β guessed, which `guess` says.
 */
export const RESULTS_CSV_HEADER = [
  "nickname",
  "round",
  "alpha",
  "loss_reached",
  "score",
  "rank",
  "answered_after_s",
  "running_total",
  "guess",
  "calibration",
  "verdict",
] as const;

/** RFC 4180 quoting; also defuses spreadsheet formulas (a nickname like "=cmd()" must stay text). */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per student per scored round: nickname, round, α (or β), loss reached, score, rank, seconds to answer, the
 * running total after that round, what the round asked for (alpha|beta), the calibration in decades (3 decimals;
 * empty when the round had no best) and the verdict (lib/session/mastery.ts). Students who did not guess in a round have no row for it. Rows follow the log.
 * Totals follow the fold's own rule (running-totals.ts): a round the host closed and never revealed has its rows, with
 * an empty running total, and adds nothing.
 */
export function resultsCsv(events: readonly StoredEvent[]): string {
  const state = foldEvents(events);
  const running = new Map<string, number>();
  const rows: string[] = [RESULTS_CSV_HEADER.join(",")];
  for (const round of state.rounds) {
    if (!round.scoring) continue;
    for (const [playerId, points] of roundPoints(round)) running.set(playerId, (running.get(playerId) ?? 0) + points);
    const counts = roundCounts(round);
    for (const r of judgedResults(round)!) {
      const total = counts ? running.get(r.playerId)! : null;
      const calibration = r.calibration === null ? null : roundDecades(r.calibration).toFixed(3);
      rows.push(
        [
          state.players.get(r.playerId)?.nickname ?? r.playerId,
          round.number,
          r.alpha,
          r.loss,
          r.score,
          r.rank,
          r.answeredAfter,
          total,
          round.guess,
          calibration,
          r.verdict,
        ]
          .map(cell)
          .join(","),
      );
    }
  }
  return rows.join("\r\n") + "\r\n";
}
