import { checksum, evaluate, runSteps, type EngineState } from "@/lib/engine";

export type SteppedPoint = { trainLoss: number; testLoss: number | null; params: number[] | null };

/** Models with this many parameters or fewer get their weights recorded per step, to draw the path of descent. */
export const TRAIL_MAX_PARAMS = 2;

/** Loss (and, for tiny models, the weights) of an engine state: one point of the loss chart. */
export function measure(engine: EngineState): SteppedPoint {
  const e = evaluate(engine);
  return {
    trainLoss: e.trainLoss,
    testLoss: e.testLoss,
    params: engine.network.paramCount <= TRAIL_MAX_PARAMS ? Array.from(engine.params) : null,
  };
}
export type SteppingResult = {
  engine: EngineState;
  /** Loss after each applied step. */
  points: SteppedPoint[];
  stepsApplied: number;
  diverged: boolean;
  lossBefore: number;
  checksum: string;
};

/**
 * Up to k gradient-descent steps, one at a time so every step's train and test loss is known, stopping at divergence.
 * The live server (to write the event) and the fold (to replay it) both call this, so they cannot disagree.
 * `beta` overrides a momentum configuration's β (the class's β after a β round); undefined keeps the configuration's.
 */
export function stepEngine(start: EngineState, alpha: number, k: number, beta?: number): SteppingResult {
  // No options at all without an override: a plain-descent (or configured-β) step calls the engine exactly as before.
  const options = beta === undefined ? undefined : { beta };
  let engine = start;
  const points: SteppedPoint[] = [];
  let diverged = false;
  let lossBefore = NaN;
  for (let i = 0; i < k; i++) {
    const r = runSteps(engine, alpha, 1, options);
    if (i === 0) lossBefore = r.lossBefore;
    engine = r.state;
    if (r.stepsApplied === 1) points.push(measure(engine));
    if (r.diverged) {
      diverged = true;
      break;
    }
  }
  return { engine, points, stepsApplied: points.length, diverged, lossBefore, checksum: checksum(engine) };
}
