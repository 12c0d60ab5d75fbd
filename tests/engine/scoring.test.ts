/**
 * Scoring: score = round(1000 · clamp((L0 − L) / (L0 − L_best), 0, 1)), with 0
 * for diverged guesses and guesses that do not lower the loss; competition
 * ranking by loss with diverged guesses tied last; equal α evaluated once.
 */
import { describe, expect, it } from "vitest";
import { checksum, createState, lossAfterSteps, lossCurve, scoreFormula, scoreGuesses, type EngineState } from "@/lib/engine";

function alphaStar(state: EngineState): number {
  const n = state.data.nTrain;
  let sxx = 0;
  for (let s = 0; s < n; s++) sxx += state.data.x[s] * state.data.x[s];
  return n / sxx; // one-step optimum 1/mean(x²) for one-weight
}

describe("scoreFormula", () => {
  it("follows the documented formula", () => {
    expect(scoreFormula(1, 0.2, 0.2, false)).toBe(1000);
    expect(scoreFormula(1, 0.6, 0.2, false)).toBe(500);
    expect(scoreFormula(1, 0.1, 0.2, false)).toBe(1000); // clamped (only if the best was not really the best)
    expect(scoreFormula(1, 1, 0.2, false)).toBe(0); // no improvement
    expect(scoreFormula(1, 1.5, 0.2, false)).toBe(0); // worse
    expect(scoreFormula(1, 0.2, 0.2, true)).toBe(0); // diverged
    expect(scoreFormula(1, null, 0.2, true)).toBe(0);
    expect(scoreFormula(2000, 1999, 0, false)).toBe(1); // 1000 · 1/2000 = 0.5 rounds up
    expect(scoreFormula(2000, 1999.125, 0, false)).toBe(0); // 0.4375 rounds down
    expect(scoreFormula(1, 0.9, 1, false)).toBe(0); // nothing to gain: best ≥ L0
    expect(scoreFormula(2, 1.25, 1, false)).toBe(750);
  });
});

describe("scoreGuesses", () => {
  const state = createState({ scenario: "one-weight", seed: 11 });
  const star = alphaStar(state);

  it("scores, ranks (1, 2, 2, 4 …) and puts diverged guesses last", () => {
    const guesses = [
      { id: "half-a", alpha: star / 2 },
      { id: "best", alpha: star },
      { id: "tiny", alpha: star / 10 },
      { id: "half-b", alpha: star / 2 },
      { id: "boom", alpha: 1e308 },
      { id: "worse", alpha: 2.5 * star }, // overshoots: loss up ×2.25, not exploding
      { id: "explodes", alpha: 40 * star },
    ];
    const before = checksum(state);
    const round = scoreGuesses(state, guesses);
    expect(checksum(state)).toBe(before);
    expect(round.k).toBe(1);
    expect(round.lossBefore).toBe(state.loss);
    expect(round.results.map((r) => r.id)).toEqual(guesses.map((g) => g.id));
    const by = Object.fromEntries(round.results.map((r) => [r.id, r]));

    expect(by.best.rank).toBe(1);
    expect(by["half-a"].rank).toBe(2);
    expect(by["half-b"].rank).toBe(2);
    expect(by.tiny.rank).toBe(4);
    expect(by.worse.rank).toBe(5);
    expect(by.boom.rank).toBe(6);
    expect(by.explodes.rank).toBe(6);

    expect(by.boom).toMatchObject({ loss: null, drop: null, diverged: true, reason: "non-finite", score: 0 });
    expect(by.explodes).toMatchObject({ diverged: true, reason: "exploding", score: 0 });
    expect(by.worse.diverged).toBe(false);
    expect(by.worse.loss).toBeGreaterThan(round.lossBefore);
    expect(by.worse.score).toBe(0);
    expect(by.best.score).toBe(1000);
    // Half the optimal step removes 3/4 of the excess loss on a parabola.
    expect(by["half-a"].score).toBeGreaterThanOrEqual(745);
    expect(by["half-a"].score).toBeLessThanOrEqual(755);
    expect(by["half-b"]).toMatchObject({ loss: by["half-a"].loss, score: by["half-a"].score });

    const bestLoss = round.bestLoss ?? NaN;
    for (const r of round.results) {
      expect(r.score).toBe(scoreFormula(round.lossBefore, r.loss, bestLoss, r.diverged));
      if (r.loss !== null) expect(r.drop).toBe(round.lossBefore - r.loss);
      if (!r.diverged) expect(r.loss).toBe(lossAfterSteps(state, r.alpha).loss);
    }
    expect(Math.abs((round.bestAlpha ?? 0) / star - 1)).toBeLessThan(1e-6);
    expect(round.curve).toHaveLength(61);
  });

  it("evaluates equal α once", () => {
    const a = scoreGuesses(state, [
      { id: "a", alpha: 0.123 },
      { id: "b", alpha: 0.456 },
    ]);
    const b = scoreGuesses(state, [
      { id: "a", alpha: 0.123 },
      { id: "b", alpha: 0.456 },
      { id: "c", alpha: 0.123 },
      { id: "d", alpha: 0.456 },
    ]);
    expect(b.evaluations).toBe(a.evaluations);
    expect(scoreGuesses(state, []).evaluations).toBe(a.evaluations - 2);
  });

  it("a guess better than the search defines L_best", () => {
    // The grid stops far below α*, so only the guess reaches the bottom.
    const round = scoreGuesses(state, [{ id: "star", alpha: star }, { id: "small", alpha: 1e-3 }], {
      minAlpha: 1e-4,
      maxAlpha: 1e-2,
      points: 11,
    });
    expect(round.bestSource).toBe("guess");
    expect(round.bestAlpha).toBe(star);
    expect(round.searchBest?.alpha).toBe(1e-2); // the grid's edge
    expect(round.results[0].score).toBe(1000);
    expect(round.results[1].score).toBeLessThan(10);
  });

  it("k steps: losses after k steps, ranks still by loss", () => {
    const cls = createState({ scenario: "classification", seed: 5 });
    const round = scoreGuesses(cls, [{ id: "a", alpha: 0.05 }, { id: "b", alpha: 0.5 }, { id: "c", alpha: 3 }], { k: 10 });
    expect(round.k).toBe(10);
    const curve = lossCurve(cls, { k: 10 });
    expect(round.searchBest).toEqual(curve.best);
    const losses = round.results.map((r) => r.loss ?? Infinity);
    round.results.forEach((r) => {
      expect(r.loss).toBe(lossAfterSteps(cls, r.alpha, 10).loss);
      expect(r.rank).toBe(1 + losses.filter((l) => l < (r.loss ?? Infinity)).length);
    });
  });

  it("rejects invalid guesses and options with the guess named", () => {
    expect(() => scoreGuesses(state, [{ id: "ann", alpha: 0 }])).toThrow(/guess "ann": learning rate/);
    expect(() => scoreGuesses(state, [{ id: "bo", alpha: Number.NaN }])).toThrow(RangeError);
    expect(() => scoreGuesses(state, [{ id: "cy", alpha: Infinity }])).toThrow(RangeError);
    expect(() => scoreGuesses(state, [{ id: "x", alpha: 0.1 }, { id: "x", alpha: 0.2 }])).toThrow(/duplicate guess id/);
    expect(() => scoreGuesses(state, [{ id: "x", alpha: 0.1 }], { k: 51 })).toThrow(/from 1 to 50/);
  });
});
