import { describe, expect, it } from "vitest";
import type { GuessKind, Verdict } from "@/lib/protocol";
import {
  calibrationBoard,
  calibrationOf,
  classInsight,
  formatValue,
  judgedResults,
  meanCalibration,
  trendFrom,
  type AnsweredRound,
  type RoundState,
} from "@/lib/session";
import { accepted, script } from "./rules-script";

/**
 * Mastery's numbers and words (lib/session/mastery.ts): calibration in decades on each kind's scale, the class insight's
 * counts and the figures its sentence quotes, every trend kind, and the "best calibrated" board's ties.
 */

type Result = { id: string; value: number; loss: number | null; score?: number };

/** A scored round as the fold holds it; scores below 800 make a guess too small or too large by its side of the best. */
function round(options: {
  guess?: GuessKind;
  fixedAlpha?: number;
  k?: number;
  lossBefore?: number;
  best: number | null;
  bestLoss: number | null;
  results: Result[];
}): RoundState {
  return {
    number: 4,
    k: options.k ?? 1,
    guess: options.guess ?? "alpha",
    fixedAlpha: options.fixedAlpha ?? null,
    timerSeconds: null,
    openedAt: 0,
    deadline: null,
    pausedRemainingMs: null,
    status: "revealed",
    guesses: new Map(options.results.map((r) => [r.id, { alpha: r.value, at: 0 }])),
    guessCounts: new Map(),
    closedAt: 1,
    scoring: {
      k: options.k ?? 1,
      lossBefore: options.lossBefore ?? 0.52,
      bestAlpha: options.best,
      bestLoss: options.bestLoss,
      curve: [],
      results: options.results.map((r, i) => ({
        playerId: r.id,
        alpha: r.value,
        loss: r.loss,
        diverged: r.loss === null,
        baseScore: r.loss === null ? 0 : (r.score ?? 500),
        bonus: 0,
        score: r.loss === null ? 0 : (r.score ?? 500),
        rank: i + 1,
        answeredAfter: 1,
      })),
      checksum: "0",
    },
  };
}

const answered = (entries: [calibration: number | null, verdict: Verdict, guess?: GuessKind][]): AnsweredRound[] =>
  entries.map(([calibration, verdict, guess], i) => ({ round: i + 1, guess: guess ?? "alpha", value: 0.1, verdict, calibration, score: 100 }));

describe("calibration", () => {
  it("is decades from the best: |log10(α/best)| for α, |log10((1−β)/(1−best))| for β", () => {
    expect(calibrationOf("alpha", 0.1, 0.1)).toBe(0);
    expect(calibrationOf("alpha", 1, 0.1)).toBeCloseTo(1, 12);
    expect(calibrationOf("alpha", 0.01, 0.1)).toBeCloseTo(1, 12);
    expect(calibrationOf("alpha", 0.3, 0.03)).toBeCloseTo(1, 12);
    expect(calibrationOf("alpha", 0.2, 0.1)).toBeCloseTo(Math.log10(2), 12);
    // β's scale is fine near 1: 0.99 is one decade above 0.9, and so is 0.9 above 0.
    expect(calibrationOf("beta", 0.99, 0.9)).toBeCloseTo(1, 12);
    expect(calibrationOf("beta", 0, 0.9)).toBeCloseTo(1, 12);
    expect(calibrationOf("beta", 0.999, 0.99)).toBeCloseTo(1, 12);
    expect(calibrationOf("beta", 0.95, 0.95)).toBe(0);
    // No best (everything diverged): no calibration.
    expect(calibrationOf("alpha", 0.1, null)).toBeNull();
    expect(calibrationOf("beta", 0.5, null)).toBeNull();
  });

  it("judges each stored result once: verdict from the score and the side of the best, calibration beside it", () => {
    const r = round({ best: 0.1, bestLoss: 0.2, results: [{ id: "a", value: 0.01, loss: 0.5 }, { id: "b", value: 0.1, loss: 0.2, score: 1000 }, { id: "c", value: 9, loss: null }] });
    const judged = judgedResults(r)!;
    expect(judged.map((j) => [j.playerId, j.verdict])).toEqual([["a", "too-small"], ["b", "about-right"], ["c", "diverged"]]);
    expect(judged[0].calibration).toBeCloseTo(1, 12);
    expect(judged[1].calibration).toBe(0);
    expect(judgedResults(r)).toBe(judged);
  });

  it("prints β so that 1 − β keeps two significant digits", () => {
    expect(formatValue("beta", 0.995)).toBe("0.995");
    expect(formatValue("beta", 0.9)).toBe("0.9");
    expect(formatValue("beta", 0.999)).toBe("0.999");
    expect(formatValue("beta", 0)).toBe("0");
    expect(formatValue("alpha", 0.0123456)).toBe("0.012");
  });
});

describe("class insight", () => {
  it("counts the verdicts and explains the biggest group with the round's own figures", () => {
    const r = round({
      best: 0.31,
      bestLoss: 0.21,
      results: [
        { id: "a", value: 0.01, loss: 0.5 },
        { id: "b", value: 0.02, loss: 0.48 },
        { id: "c", value: 0.03, loss: 0.45 },
        { id: "d", value: 0.3, loss: 0.21, score: 990 },
        { id: "e", value: 5, loss: null },
      ],
    });
    expect(classInsight(r)).toEqual({
      counts: { "too-small": 3, "about-right": 1, "too-large": 0, diverged: 1 },
      biggest: "too-small",
      sentence: "3 of 5 chose too small a step (α from 0.01 to 0.03): at α = 0.02 the loss fell only from 0.52 to 0.48 in 1 step, while α = 0.31 reached 0.21.",
    });
  });

  it("names an overshooting group, a diverged one, and breaks ties in the listed order", () => {
    const bold = round({
      k: 3,
      best: 0.3,
      bestLoss: 0.1,
      results: [
        { id: "a", value: 1.2, loss: 0.6 },
        { id: "b", value: 1.5, loss: 0.7 },
        { id: "c", value: 0.3, loss: 0.1, score: 1000 },
      ],
    });
    expect(classInsight(bold)!.sentence).toBe(
      "2 of 3 were too bold (α from 1.2 to 1.5): at α = 1.2 each step overshot the valley and the loss rose from 0.52 to 0.6 in 3 steps, while α = 0.3 reached 0.1.",
    );
    const blewUp = round({ best: 0.3, bestLoss: 0.1, results: [{ id: "a", value: 8, loss: null }, { id: "b", value: 9, loss: null }, { id: "c", value: 0.01, loss: 0.5 }] });
    expect(classInsight(blewUp)).toMatchObject({ biggest: "diverged", counts: { diverged: 2, "too-small": 1 } });
    expect(classInsight(blewUp)!.sentence).toMatch(/^2 of 3 chose α so large that training diverged \(α from 8 to 9\): .*α = 0\.3 reached 0\.1\.$/);
    const tie = round({ best: 0.3, bestLoss: 0.1, results: [{ id: "a", value: 3, loss: 0.9 }, { id: "b", value: 0.01, loss: 0.5 }] });
    expect(classInsight(tie)!.biggest).toBe("too-small");
  });

  it("speaks of momentum in a β round, at the round's fixed α", () => {
    const r = round({
      guess: "beta",
      fixedAlpha: 0.05,
      k: 10,
      lossBefore: 0.8,
      best: 0.9,
      bestLoss: 0.12,
      results: [
        { id: "a", value: 0.99, loss: 0.5 },
        { id: "b", value: 0.995, loss: 0.6 },
        { id: "c", value: 0.5, loss: 0.3 },
      ],
    });
    expect(classInsight(r)!.sentence).toBe(
      "2 of 3 chose too much momentum (β from 0.99 to 0.995): with β = 0.99 at α = 0.05 the path overshoots and curls, and the loss fell only from 0.8 to 0.5 in 10 steps, while β = 0.9 reached 0.12.",
    );
    const timid = round({ guess: "beta", fixedAlpha: 0.05, k: 10, lossBefore: 0.8, best: 0.9, bestLoss: 0.12, results: [{ id: "a", value: 0, loss: 0.4 }] });
    expect(classInsight(timid)!.sentence).toBe(
      "1 of 1 chose too little momentum (β = 0): with β = 0 at α = 0.05 the loss fell only from 0.8 to 0.4 in 10 steps, while β = 0.9 reached 0.12.",
    );
  });

  it("says so when nobody guessed", () => {
    expect(classInsight(round({ best: 0.3, bestLoss: 0.1, results: [] }))).toEqual({
      counts: { "too-small": 0, "about-right": 0, "too-large": 0, diverged: 0 },
      biggest: null,
      sentence: "Nobody guessed in round 4.",
    });
  });
});

describe("trends", () => {
  const kind = (entries: Parameters<typeof answered>[0]) => trendFrom(answered(entries));

  it("read every kind, with the figures in the sentence", () => {
    expect(kind([])).toBeNull();
    expect(kind([[null, "diverged"]])).toBeNull();
    expect(kind([[0.5, "too-small"]])).toEqual({ kind: "first", decades: [0.5], sentence: "First round: your α was 0.5 decades from the best." });
    expect(kind([[1, "too-small"], [0.1, "about-right"], [0.15, "about-right"], [0.05, "about-right"]])).toMatchObject({
      kind: "on-target",
      sentence: "On target: your last 3 guesses were within 0.2 decades of the best.",
    });
    expect(kind([[1.2, "too-small"], [0.8, "too-small"], [0.3, "too-small"]])).toEqual({
      kind: "improving",
      decades: [1.2, 0.8, 0.3],
      sentence: "You're getting closer: 1.2 → 0.3 decades.",
    });
    expect(kind([[0.5, "too-small"], [0.6, "too-small"], [0.4, "about-right"], [0.7, "too-small"]])).toMatchObject({
      kind: "timid",
      sentence: "Consistently too timid: your α was below the best in 3 of 4 rounds.",
    });
    expect(kind([[0.5, "too-small", "beta"], [0.6, "too-small", "beta"]])).toMatchObject({
      kind: "timid",
      sentence: "Consistently too little momentum: your β was below the best in 2 of 2 rounds.",
    });
    expect(kind([[0.5, "too-large"], [0.6, "diverged"], [0.5, "too-large"]])).toMatchObject({
      kind: "overshooting",
      sentence: "Often too bold: your α was above the best in 3 of 3 rounds, diverging in 1.",
    });
    expect(kind([[0.3, "too-small"], [0.9, "too-large", "beta"]])).toMatchObject({
      kind: "drifting",
      sentence: "Drifting away: 0.3 → 0.9 decades from the best.",
    });
    expect(kind([[0.5, "too-small"], [0.9, "too-large"], [0.6, "about-right"]])).toMatchObject({
      kind: "mixed",
      sentence: "No clear pattern yet: from 0.5 to 0.9 decades from the best.",
    });
  });

  it("leave out rounds without a best, round decades to 3 places and keep the latest 20", () => {
    const trend = kind([[0.523456, "too-small"], [null, "diverged"], [0.0444, "about-right"]]);
    expect(trend).toMatchObject({ kind: "improving", decades: [0.523, 0.044] });
    expect(trend!.sentence).toBe("You're getting closer: 0.5 → 0.04 decades.");
    const long = kind(Array.from({ length: 25 }, (_, i): [number, Verdict] => [0.5 + i / 100, "about-right"]));
    expect(long!.decades).toHaveLength(20);
    expect(long!.decades[0]).toBe(0.55);
  });
});

describe("the best calibrated board", () => {
  it("ranks by mean calibration, then more rounds; equal rows share a rank in join order; removed players are off it", async () => {
    const s = script();
    for (const id of ["a", "b", "c", "d", "e", "f"]) accepted(await s.join(id, `Nick ${id}`));
    accepted(await s.host("player:kick", { playerId: "f" }));
    const map = new Map<string, AnsweredRound[]>([
      ["a", answered([[0.2, "too-small"], [0.4, "too-small"]])],
      ["b", answered([[0.3, "too-small"]])],
      ["c", answered([[0.1, "too-small"], [0.5, "too-large"]])],
      ["d", answered([[null, "diverged"]])],
      ["e", answered([[0.05, "about-right"]])],
      ["f", answered([[0, "about-right"]])],
    ]);
    const board = calibrationBoard(s.state, map, (id) => s.state.players.get(id)!.nickname);
    expect(board).toEqual([
      { playerId: "e", nickname: "Nick e", decades: 0.05, rounds: 1, rank: 1 },
      { playerId: "a", nickname: "Nick a", decades: 0.3, rounds: 2, rank: 2 },
      { playerId: "c", nickname: "Nick c", decades: 0.3, rounds: 2, rank: 2 },
      { playerId: "b", nickname: "Nick b", decades: 0.3, rounds: 1, rank: 4 },
    ]);
    expect(meanCalibration(map.get("d")!)).toBeNull();
  });
});
