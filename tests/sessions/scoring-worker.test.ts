import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/engine";
import { foldEvents, scoreRound, type RoundScoringInput } from "@/lib/session";
import { ScoringPool } from "@/server/scoring/scoring-pool";
import { createLogger } from "@/server/logger";

describe("scoring large rounds off the main thread", () => {
  const pool = new ScoringPool(createLogger("warn"));
  afterAll(() => pool.close());

  const state = foldEvents([
    {
      seq: 1,
      at: 0,
      event: {
        type: "session.created",
        config: { scenario: "classification", dataset: "spiral", numPoints: 300, hiddenLayers: [{ neurons: 8, activation: "tanh" }, { neurons: 8, activation: "tanh" }] } as never,
        rules: { speedBonus: true, hideNicknames: false, alphaMin: 1e-4, alphaMax: 10, profanityFilter: true },
        maxPlayers: 1000,
      },
    },
  ]);
  const input: RoundScoringInput = {
    k: 10,
    guesses: Array.from({ length: 1000 }, (_, i) => ({ playerId: `p${i}`, alpha: 10 ** (-4 + (5 * i) / 999), at: 1000 + i * 10 })),
    openedAt: 0,
    closedAt: 20_000,
    speedBonus: true,
    alphaMin: 1e-4,
    alphaMax: 10,
  };

  it("gives exactly the inline result while the event loop keeps ticking", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = performance.now();
    const viaWorker = await pool.score(state, input);
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    // A blocked loop would tick about once in the whole call; a free one about every 5 ms.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
    expect(viaWorker).toEqual(scoreRound(state.engine, input));
    expect(viaWorker.results).toHaveLength(1000);
  });

  it("scores a β round in the worker exactly as inline", async () => {
    const momentum = foldEvents([
      {
        seq: 1,
        at: 0,
        event: {
          type: "session.created",
          config: parseConfig({
            scenario: "classification",
            dataset: "spiral",
            numPoints: 300,
            hiddenLayers: [{ neurons: 8, activation: "tanh" }, { neurons: 8, activation: "tanh" }],
            optimizer: { kind: "momentum", beta: 0.9 },
          }),
          rules: { speedBonus: false, hideNicknames: false, alphaMin: 1e-4, alphaMax: 10, profanityFilter: true },
          maxPlayers: 1000,
        },
      },
    ]);
    const beta: RoundScoringInput = {
      ...input,
      guess: "beta",
      fixedAlpha: 0.3,
      speedBonus: false,
      guesses: Array.from({ length: 500 }, (_, i) => ({ playerId: `p${i}`, alpha: Math.min(0.999, i / 499), at: 1000 + i })),
    };
    const viaWorker = await pool.score(momentum, beta);
    expect(viaWorker).toEqual(scoreRound(momentum.engine, beta));
    expect(viaWorker.results.map((r) => r.alpha)).toEqual(beta.guesses.map((g) => g.alpha));
    expect(viaWorker.curve.every((p) => p.alpha >= 0 && p.alpha <= 0.999)).toBe(true);
  });
});
