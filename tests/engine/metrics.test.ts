import { describe, expect, it } from "vitest";
import { CLASS_THRESHOLD, createState, evaluate, predict, runSteps, trainingLoss } from "@/lib/engine";

describe("forward pass and metrics", () => {
  it("classification: train/test loss (BCE) and accuracy at threshold 0.5", () => {
    const state = runSteps(createState({ scenario: "classification", dataset: "gaussian", seed: 3 }), 0.5, 30).state;
    const { x, y, nTrain, nTest } = state.data;
    const N = nTrain + nTest;
    const inputs = Array.from({ length: N }, (_, s) => [x[s], x[N + s]]).flat();
    const yHat = predict(state, inputs);
    const bce = (p: number, t: number) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    const split = (from: number, to: number) => {
      let loss = 0;
      let correct = 0;
      for (let s = from; s < to; s++) {
        loss += bce(yHat[s], y[s]);
        if ((yHat[s] >= CLASS_THRESHOLD ? 1 : 0) === y[s]) correct++;
      }
      return { loss: loss / (to - from), acc: correct / (to - from) };
    };
    const ev = evaluate(state);
    const train = split(0, nTrain);
    const test = split(nTrain, N);
    expect(ev.trainLoss).toBeCloseTo(train.loss, 12);
    expect(ev.testLoss).toBeCloseTo(test.loss, 12);
    expect(ev.trainAccuracy).toBe(train.acc);
    expect(ev.testAccuracy).toBe(test.acc);
    expect(ev.trainAccuracy).toBeGreaterThan(0.9); // two separated clusters are easy
    expect(ev.trainLoss).toBe(trainingLoss(state));
    expect(ev.trainLoss).toBe(state.loss);
  });

  it("regression: MSE with the ½ convention, no accuracy, no test loss without a test split", () => {
    const state = createState({ scenario: "curve-fit", trainFraction: 1 });
    const n = state.data.nTrain;
    const yHat = predict(state, state.data.x);
    let sum = 0;
    for (let s = 0; s < n; s++) sum += 0.5 * (yHat[s] - state.data.y[s]) ** 2;
    expect(evaluate(state)).toEqual({ trainLoss: state.loss, testLoss: null, trainAccuracy: null, testAccuracy: null });
    expect(state.loss).toBeCloseTo(sum / n, 13);
  });

  it("predict checks the input length", () => {
    const state = createState({ scenario: "classification" });
    expect(() => predict(state, [1, 2, 3])).toThrow(/multiple of the input dimension 2/);
    expect(predict(state, [])).toHaveLength(0);
  });
});
