import { DETERMINISTIC_MATH } from "@/lib/engine";
import {
  GuessKind,
  type CalibrationEntry,
  type ClassInsight,
  type JudgedOutcome,
  type Trend,
  type TrendKind,
  type Verdict,
} from "@/lib/protocol";
import type { RoundScoring } from "./events";
import { verdictOf } from "./round-summary";
import type { RoundState, SessionState } from "./state";

/**
 * Mastery: how close each guess came to the best value, per guess (calibration + verdict), per class at a reveal
 * (insight), per student across rounds (trend) and as a ranking (the "best calibrated" board). One definition of each,
 * used by the views, results.csv, the JSON export's summary and the replay page. Everything is derived from the stored
 * scoring, so old logs get it too. Logarithms use the engine's deterministic ln, so an export computes the same
 * decades in every runtime.
 */

const LN10 = DETERMINISTIC_MATH.ln(10);
const log10 = (x: number) => DETERMINISTIC_MATH.ln(x) / LN10;

/** Within this many decades of the best in each of the latest rounds reads as "on target" (a factor of 1.6 in α). */
export const ON_TARGET_DECADES = 0.2;
/** A change of calibration from the first to the latest round smaller than this is no trend. */
export const TREND_DECADES = 0.2;
/** How many recent rounds "on target" looks at, and how many calibrations a trend carries to the phone. */
const ON_TARGET_ROUNDS = 3;
const TREND_MAX_ROUNDS = 20;

/**
 * Decades from the best value: |log10(value / best)| for α, |log10((1 − value) / (1 − best))| for β, whose scale is
 * fine near 1 (0.99 is as far from 0.9 as 0.9 is from 0). Null when the round has no best (everything diverged).
 */
export function calibrationOf(kind: GuessKind, value: number, best: number | null): number | null {
  if (best === null) return null;
  const ratio = kind === GuessKind.beta ? (1 - value) / (1 - best) : value / best;
  if (!(ratio > 0) || !Number.isFinite(ratio)) return null;
  return Math.abs(log10(ratio));
}

/** Rounded to 3 decimals: what the phone, results.csv and the export carry (a thousandth of a decade is 0.2 %). */
export const roundDecades = (decades: number) => Math.round(decades * 1000) / 1000;

type JudgedRound = { list: JudgedOutcome[]; byPlayer: Map<string, JudgedOutcome> };

/** Per stored scoring (immutable once folded in): its results judged once, however many views are built from it. */
const judgedRounds = new WeakMap<RoundScoring, JudgedRound>();

function judged(kind: GuessKind, scoring: RoundScoring): JudgedRound {
  let entry = judgedRounds.get(scoring);
  if (!entry) {
    const list = scoring.results.map(
      (r): JudgedOutcome => ({ ...r, verdict: verdictOf(r, scoring.bestAlpha), calibration: calibrationOf(kind, r.alpha, scoring.bestAlpha) }),
    );
    entry = { list, byPlayer: new Map(list.map((r) => [r.playerId, r])) };
    judgedRounds.set(scoring, entry);
  }
  return entry;
}

/** A scored round's results with verdict and calibration (null before it is scored). */
export function judgedResults(round: Pick<RoundState, "guess" | "scoring">): JudgedOutcome[] | null {
  return round.scoring && judged(round.guess, round.scoring).list;
}

/** One player's judged result in a scored round (null when they did not guess or it is not scored). */
export function judgedResultOf(round: Pick<RoundState, "guess" | "scoring">, playerId: string): JudgedOutcome | null {
  return (round.scoring && judged(round.guess, round.scoring).byPlayer.get(playerId)) ?? null;
}

// — Plain words ——————————————————————————————————————————————————————————————————————————————————————————————

const symbol = (kind: GuessKind) => (kind === GuessKind.beta ? "β" : "α");
const trimmed = (text: string) => String(Number(text));

/** A guessed value for a sentence: α to 2 significant digits; β with 1 − β to 2 (0.995 stays 0.995, not 1.0). */
export function formatValue(kind: GuessKind, value: number): string {
  if (kind === GuessKind.alpha) return trimmed(value.toPrecision(2));
  const rest = 1 - value;
  const decimals = rest > 0 ? Math.min(6, Math.max(2, Math.ceil(-log10(rest) - 1e-9) + 1)) : 3;
  return trimmed(value.toFixed(decimals));
}

const formatLoss = (loss: number) => trimmed(loss.toPrecision(3));
/** Decades for a sentence: 1 decimal, 2 below 0.1 (so 0.04 does not read as 0). */
export const formatDecades = (decades: number) => (decades < 0.1 ? decades.toFixed(2) : decades.toFixed(1));
const steps = (k: number) => `${k} step${k === 1 ? "" : "s"}`;

type InsightVerdict = Exclude<Verdict, "no-guess">;
const INSIGHT_ORDER: readonly InsightVerdict[] = ["too-small", "about-right", "too-large", "diverged"];

/** "from 0.01 to 0.04" over a group's values, or "= 0.01" when they all chose the same. */
function range(kind: GuessKind, values: number[]): string {
  const low = formatValue(kind, Math.min(...values));
  const high = formatValue(kind, Math.max(...values));
  return low === high ? `${symbol(kind)} = ${low}` : `${symbol(kind)} from ${low} to ${high}`;
}

/** What a loss did from the start to `after`: fell, stayed or rose. */
function lossMove(before: number, after: number, only: boolean): string {
  const [a, b] = [formatLoss(before), formatLoss(after)];
  if (a === b) return `stayed at ${a}`;
  return after < before ? `fell ${only ? "only " : ""}from ${a} to ${b}` : `rose from ${a} to ${b}`;
}

/**
 * The class at a reveal: how many guesses fell in each verdict, and one sentence explaining the biggest group's
 * mistake with this round's own figures — the group's median guess (a real guess: the lower middle of an even group)
 * and the loss it reached, the best value and its loss. Null before the round is scored.
 */
export function classInsight(round: Pick<RoundState, "number" | "guess" | "fixedAlpha" | "scoring">): ClassInsight | null {
  const s = round.scoring;
  if (!s) return null;
  const results = judged(round.guess, s).list;
  const counts = { "too-small": 0, "about-right": 0, "too-large": 0, diverged: 0 };
  for (const r of results) if (r.verdict !== "no-guess") counts[r.verdict]++;
  let biggest: InsightVerdict | null = null;
  for (const v of INSIGHT_ORDER) if (counts[v] > 0 && (biggest === null || counts[v] > counts[biggest])) biggest = v;
  if (biggest === null) return { counts, biggest, sentence: `Nobody guessed in round ${round.number}.` };
  const group = results.filter((r) => r.verdict === biggest).sort((a, b) => a.alpha - b.alpha);
  const median = group[(group.length - 1) >> 1];
  return { counts, biggest, sentence: insightSentence(round, biggest, group, median, results.length) };
}

function insightSentence(
  round: Pick<RoundState, "guess" | "fixedAlpha" | "scoring">,
  verdict: InsightVerdict,
  group: JudgedOutcome[],
  median: JudgedOutcome,
  total: number,
): string {
  const s = round.scoring!;
  const kind = round.guess;
  const x = symbol(kind);
  const v = (value: number) => formatValue(kind, value);
  const who = `${group.length} of ${total}`;
  const span = range(kind, group.map((r) => r.alpha));
  const at = kind === GuessKind.beta && round.fixedAlpha !== null ? ` at α = ${formatValue(GuessKind.alpha, round.fixedAlpha)}` : "";
  const lossAt = median.loss ?? s.lossBefore;
  const best =
    s.bestAlpha === null || s.bestLoss === null
      ? `every ${x} the engine tried diverged too: reset the network`
      : `${x} = ${v(s.bestAlpha)} reached ${formatLoss(s.bestLoss)}`;
  const beta = kind === GuessKind.beta;
  switch (verdict) {
    case "too-small":
      return beta
        ? `${who} chose too little momentum (${span}): with β = ${v(median.alpha)}${at} the loss ${lossMove(s.lossBefore, lossAt, true)} in ${steps(s.k)}, while ${best}.`
        : `${who} chose too small a step (${span}): at α = ${v(median.alpha)} the loss ${lossMove(s.lossBefore, lossAt, true)} in ${steps(s.k)}, while ${best}.`;
    case "too-large":
      return beta
        ? `${who} chose too much momentum (${span}): with β = ${v(median.alpha)}${at} the path overshoots and curls, and the loss ${lossMove(s.lossBefore, lossAt, true)} in ${steps(s.k)}, while ${best}.`
        : `${who} were too bold (${span}): at α = ${v(median.alpha)} each step overshot the valley and the loss ${lossMove(s.lossBefore, lossAt, true)} in ${steps(s.k)}, while ${best}.`;
    case "diverged":
      return beta
        ? `${who} chose so much momentum that training diverged (${span}): the velocity kept growing${at} and the loss blew up, while ${best}.`
        : `${who} chose α so large that training diverged (${span}): every step overshot further and the loss blew up, while ${best}.`;
    case "about-right":
      return `${who} were about right (${span}): ${best} from ${formatLoss(s.lossBefore)} in ${steps(s.k)}${at}, and their median ${x} = ${v(median.alpha)} reached ${formatLoss(lossAt)}.`;
  }
}

// — Students across rounds ———————————————————————————————————————————————————————————————————————————————————

/** One revealed round a student answered, as their trend, the board and the export read it. */
export type AnsweredRound = {
  round: number;
  guess: GuessKind;
  value: number;
  verdict: Verdict;
  /** Null when the round had no best value (everything diverged): such a round is left out of trend and board. */
  calibration: number | null;
  score: number;
};

/**
 * Per session, what answeredRounds last computed, under the latest revealed round's scoring: rounds are revealed
 * only in order and never change after, so that object and the count of revealed rounds name the answer. The views
 * are rebuilt for every flush of a 4,000-phone class; this keeps them from walking every round's results each time.
 */
const answeredMemo = new WeakMap<RoundScoring, { revealed: number; answered: ReadonlyMap<string, readonly AnsweredRound[]> }>();

/** Every player's answered revealed rounds, oldest first (shared: callers must not change it). */
export function answeredRounds(rounds: readonly RoundState[]): ReadonlyMap<string, readonly AnsweredRound[]> {
  let last: RoundScoring | null = null;
  let revealed = 0;
  for (const round of rounds)
    if (round.status === "revealed" && round.scoring) {
      last = round.scoring;
      revealed++;
    }
  if (!last) return new Map();
  const memo = answeredMemo.get(last);
  if (memo && memo.revealed === revealed) return memo.answered;
  const answered = collectAnswered(rounds);
  answeredMemo.set(last, { revealed, answered });
  return answered;
}

function collectAnswered(rounds: readonly RoundState[]): Map<string, AnsweredRound[]> {
  const byPlayer = new Map<string, AnsweredRound[]>();
  for (const round of rounds) {
    if (round.status !== "revealed" || !round.scoring) continue;
    for (const r of judged(round.guess, round.scoring).list) {
      let list = byPlayer.get(r.playerId);
      if (!list) byPlayer.set(r.playerId, (list = []));
      list.push({ round: round.number, guess: round.guess, value: r.alpha, verdict: r.verdict, calibration: r.calibration, score: r.score });
    }
  }
  return byPlayer;
}

const calibrated = (answered: readonly AnsweredRound[]) => answered.filter((a): a is AnsweredRound & { calibration: number } => a.calibration !== null);

/** "your α", "your β", or "your guess" when the rounds asked for both. */
function yours(answered: readonly AnsweredRound[]): string {
  const kinds = new Set(answered.map((a) => a.guess));
  return kinds.size === 1 ? `your ${symbol(answered[0].guess)}` : "your guess";
}

/**
 * A student's calibration across the revealed rounds they answered (oldest first), read in plain words. The first
 * rule that holds names it: first (one round); on-target (each of the latest 3, or 2, within ON_TARGET_DECADES);
 * improving (the latest at least TREND_DECADES closer than the first); timid (too small in more than half);
 * overshooting (too large or diverged in more than half); drifting (the latest TREND_DECADES further than the
 * first); otherwise mixed. Null before their first calibrated reveal.
 */
export function trendFrom(answered: readonly AnsweredRound[]): Trend | null {
  const rounds = calibrated(answered);
  const n = rounds.length;
  if (n === 0) return null;
  const decades = rounds.slice(-TREND_MAX_ROUNDS).map((r) => roundDecades(r.calibration));
  const first = rounds[0].calibration;
  const latest = rounds[n - 1].calibration;
  const trend = (kind: TrendKind, sentence: string): Trend => ({ kind, decades, sentence });
  const your = yours(rounds);
  if (n === 1)
    return trend("first", `First round: ${your} was ${formatDecades(first)} decades from the best.`);
  const recent = rounds.slice(-ON_TARGET_ROUNDS);
  if (recent.every((r) => r.calibration <= ON_TARGET_DECADES))
    return trend("on-target", `On target: your last ${recent.length} guesses were within ${ON_TARGET_DECADES} decades of the best.`);
  if (latest <= first - TREND_DECADES)
    return trend("improving", `You're getting closer: ${formatDecades(first)} → ${formatDecades(latest)} decades.`);
  const small = rounds.filter((r) => r.verdict === "too-small").length;
  if (small * 2 > n) {
    const label = rounds.every((r) => r.guess === GuessKind.beta) ? "Consistently too little momentum" : "Consistently too timid";
    return trend("timid", `${label}: ${your} was below the best in ${small} of ${n} rounds.`);
  }
  const diverged = rounds.filter((r) => r.verdict === "diverged").length;
  const large = rounds.filter((r) => r.verdict === "too-large").length + diverged;
  if (large * 2 > n) {
    const label = rounds.every((r) => r.guess === GuessKind.beta) ? "Often too much momentum" : "Often too bold";
    const blewUp = diverged > 0 ? `, diverging in ${diverged}` : "";
    return trend("overshooting", `${label}: ${your} was above the best in ${large} of ${n} rounds${blewUp}.`);
  }
  if (latest >= first + TREND_DECADES)
    return trend("drifting", `Drifting away: ${formatDecades(first)} → ${formatDecades(latest)} decades from the best.`);
  const low = Math.min(...rounds.map((r) => r.calibration));
  const high = Math.max(...rounds.map((r) => r.calibration));
  return trend("mixed", `No clear pattern yet: from ${formatDecades(low)} to ${formatDecades(high)} decades from the best.`);
}

const sharedTrends = new WeakMap<readonly AnsweredRound[], Trend | null>();

/**
 * trendFrom for a list answeredRounds handed out (undefined: the player answered none), worked out once: those lists
 * stay the same until the next reveal, and every broadcast asks for every phone's. The trend is shared too: callers
 * must not change it.
 */
export function trendOfAnswered(answered: readonly AnsweredRound[] | undefined): Trend | null {
  if (!answered) return null;
  if (sharedTrends.has(answered)) return sharedTrends.get(answered)!;
  const trend = trendFrom(answered);
  sharedTrends.set(answered, trend);
  return trend;
}

/** One player's trend over the session's revealed rounds (see trendFrom). */
export function trendOf(playerId: string, rounds: readonly RoundState[]): Trend | null {
  return trendOfAnswered(answeredRounds(rounds).get(playerId));
}

/** Mean calibration over the calibrated rounds, rounded as shown (the ranking compares what the board displays). */
export function meanCalibration(answered: readonly AnsweredRound[]): { decades: number; rounds: number } | null {
  const rounds = calibrated(answered);
  if (rounds.length === 0) return null;
  let sum = 0;
  for (const r of rounds) sum += r.calibration;
  return { decades: roundDecades(sum / rounds.length), rounds: rounds.length };
}

type RankedRow = { playerId: string; decades: number; rounds: number };

/** Every answering player's mean, sorted as the board ranks them (kicked players included: they are left out later). */
const sortedMemo = new WeakMap<ReadonlyMap<string, readonly AnsweredRound[]>, { order: Map<string, number>; rows: RankedRow[] }>();

const NO_ROWS: readonly RankedRow[] = [];

function sortedRows(state: SessionState, answered: ReadonlyMap<string, readonly AnsweredRound[]>): readonly RankedRow[] {
  // Before the first reveal: nothing to rank, and no memo that would keep one session's roster alive.
  if (answered.size === 0) return NO_ROWS;
  // Join order breaks full ties, so it is part of the sort; a memo made before a player joined does not know them.
  const memo = sortedMemo.get(answered);
  if (memo && [...answered.keys()].every((id) => memo.order.has(id) === state.players.has(id))) return memo.rows;
  const order = new Map([...state.players.keys()].map((id, i) => [id, i]));
  const rows: RankedRow[] = [];
  for (const [playerId, list] of answered) {
    const mean = meanCalibration(list);
    if (mean && order.has(playerId)) rows.push({ playerId, ...mean });
  }
  rows.sort((a, b) => a.decades - b.decades || b.rounds - a.rounds || order.get(a.playerId)! - order.get(b.playerId)!);
  sortedMemo.set(answered, { order, rows });
  return rows;
}

type RankedEntry = RankedRow & { rank: number };
/** Every console patch and phone broadcast asks for the board; it changes only at a reveal, a join or a removal. */
const rankedMemo = new WeakMap<readonly RankedRow[], { kicked: number; ranked: readonly RankedEntry[] }>();

/**
 * The "best calibrated" ranking over players still in the session who answered at least one calibrated revealed
 * round: lowest mean calibration first; at the same mean, more rounds first; the same mean and rounds share a rank
 * (1, 2, 2, 4) and are listed in join order. `displayName` picks nickname or pseudonym; `limit` cuts the list (ranks
 * are over everyone).
 */
export function calibrationBoard(
  state: SessionState,
  answered: ReadonlyMap<string, readonly AnsweredRound[]>,
  displayName: (playerId: string) => string,
  limit = Infinity,
): CalibrationEntry[] {
  const board: CalibrationEntry[] = [];
  for (const row of rankedRows(state, answered)) {
    if (board.length >= limit) break;
    board.push({ playerId: row.playerId, nickname: displayName(row.playerId), decades: row.decades, rounds: row.rounds, rank: row.rank });
  }
  return board;
}

/** Every phone broadcast asks for the ranks; they change only when the ranked rows do. */
const ranksMemo = new WeakMap<readonly RankedEntry[], ReadonlyMap<string, number>>();

/** Every ranked player's place on the board (see calibrationBoard). */
export function calibrationRanks(state: SessionState, answered: ReadonlyMap<string, readonly AnsweredRound[]>): ReadonlyMap<string, number> {
  const ranked = rankedRows(state, answered);
  let ranks = ranksMemo.get(ranked);
  if (!ranks) ranksMemo.set(ranked, (ranks = new Map(ranked.map((row) => [row.playerId, row.rank]))));
  return ranks;
}

function rankedRows(state: SessionState, answered: ReadonlyMap<string, readonly AnsweredRound[]>): readonly RankedEntry[] {
  const rows = sortedRows(state, answered);
  // The same sorted rows rank the same way until someone on them is removed (removal is final, so a count tells).
  let kicked = 0;
  for (const row of rows) if (state.players.get(row.playerId)!.kicked) kicked++;
  const memo = rankedMemo.get(rows);
  if (memo && memo.kicked === kicked) return memo.ranked;
  const ranked: RankedEntry[] = [];
  for (const row of rows) {
    if (state.players.get(row.playerId)!.kicked) continue;
    const previous = ranked.at(-1);
    const tied = previous && previous.decades === row.decades && previous.rounds === row.rounds;
    ranked.push({ ...row, rank: tied ? previous.rank : ranked.length + 1 });
  }
  rankedMemo.set(rows, { kicked, ranked });
  return ranked;
}
