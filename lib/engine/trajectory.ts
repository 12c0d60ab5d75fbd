/**
 * Internal: runs gradient descent (plain or with momentum) from one state for
 * any α (and β) without touching the state. One `Trajectory` is made per
 * engine call and reused for many α or β, so its buffers, the first gradient
 * and the mini-batch sequence are computed once. trainStep, runSteps and
 * every what-if go through `run`, so they give bit-for-bit the same numbers.
 */
import { DIVERGENCE_REASON, isExploding, type DivergenceReason } from "./divergence";
import { createWorkspace, gather, lossAndGradient, lossAt, type Workspace } from "./mlp-kernel";
import type { Network } from "./network";
import { stepBeta } from "./optimizer";
import { Rng, type RngState } from "./prng";
import { trainingSet, type EngineState } from "./state";

export interface RunOptions {
  /** Receives the training loss after each applied step. */
  readonly losses?: number[];
  /** Also return the full training gradient at the final parameters (normally from the same pass as the loss). */
  readonly wantGradient?: boolean;
  /** Momentum β for this run; null = plain descent. Default: the trajectory's (the configuration's β, or null). */
  readonly beta?: number | null;
  /** Receives a copy of the parameters after each applied step (paths for pictures). */
  readonly trail?: number[][];
}

export interface RunOutcome {
  /** Parameters reached (a buffer owned by the trajectory: copy before the next run). */
  readonly params: Float64Array;
  /** Training loss at `params`. */
  readonly loss: number;
  /**
   * Full training gradient at `params` when asked for and at least one step
   * was applied (a buffer owned by the trajectory), else null.
   */
  readonly gradient: Float64Array | null;
  /**
   * Velocity after the applied steps: a buffer owned by the trajectory (copy before the next run) for a momentum run;
   * the state's own (unchanged) velocity for a plain one. A rejected step leaves it as it was, like the params.
   */
  readonly velocity: Float64Array;
  /** Steps actually applied. */
  readonly applied: number;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
}

export class Trajectory {
  readonly net: Network;
  /** Training loss of the starting state. */
  readonly loss0: number;
  private readonly xs: Float64Array;
  private readonly xStride: number;
  private readonly ys: Float64Array;
  private readonly n: number;
  private readonly ws: Workspace;
  private readonly p0: Float64Array;
  /** Step-gradient buffers (see run). */
  private readonly grad: Float64Array;
  private readonly gradNext: Float64Array;
  /** Gradient of the first step (the same for every α). */
  private readonly g0: Float64Array;
  /** Full training gradient at the end of a mini-batch run. */
  private readonly fullGrad: Float64Array;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  /** Mini-batch size, or 0 for full batch. */
  private readonly batchSize: number;
  private readonly rng: Rng;
  private readonly rng0: RngState;
  private readonly batches: Int32Array[] = [];
  private readonly rngAfter: RngState[] = [];
  private readonly perm: Int32Array;
  /** The state's velocity, and double buffers for a momentum run's. */
  private readonly v0: Float64Array;
  private readonly velA: Float64Array;
  private readonly velB: Float64Array;
  /** β of a run that names none: the configuration's (or the caller's override); null = plain descent. */
  readonly beta: number | null;

  /** `beta`: see `beta` above; by default the configuration's. */
  constructor(state: EngineState, beta: number | null = stepBeta(state.config)) {
    const { xs, xStride, ys, n } = trainingSet(state);
    this.net = state.network;
    this.xs = xs;
    this.xStride = xStride;
    this.ys = ys;
    this.n = n;
    const b = state.config.batchSize;
    this.batchSize = b !== null && b < n ? b : 0;
    this.ws = createWorkspace(this.net, n);
    this.p0 = state.params;
    this.loss0 = state.loss;
    const size = this.net.paramCount;
    this.grad = new Float64Array(size);
    this.gradNext = new Float64Array(size);
    this.fullGrad = new Float64Array(size);
    this.bufA = new Float64Array(size);
    this.bufB = new Float64Array(size);
    this.rng0 = state.rng;
    this.rng = new Rng(state.rng);
    this.perm = new Int32Array(this.batchSize > 0 ? n : 0);
    this.beta = beta;
    this.v0 = state.velocity;
    this.velA = new Float64Array(size);
    this.velB = new Float64Array(size);
    if (this.batchSize === 0) {
      // Full batch: the state already carries ∇J at its parameters.
      this.g0 = state.gradient;
    } else {
      this.g0 = new Float64Array(size);
      this.batchGradientAt(this.p0, 0, this.g0);
    }
  }

  /** Indices of step t's mini-batch: batchSize distinct training samples, sorted. */
  private batch(t: number): Int32Array {
    while (this.batches.length <= t) {
      const { perm, batchSize, n } = this;
      for (let i = 0; i < n; i++) perm[i] = i;
      const idx = new Int32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        const j = i + this.rng.nextInt(n - i); // partial Fisher–Yates
        const tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
        idx[i] = perm[i];
      }
      this.batches.push(idx.sort());
      this.rngAfter.push(this.rng.snapshot());
    }
    return this.batches[t];
  }

  /** Generator state after `applied` steps (unchanged in full-batch mode). */
  rngAfterSteps(applied: number): RngState {
    return applied === 0 || this.batchSize === 0 ? this.rng0 : this.rngAfter[applied - 1];
  }

  /** Mini-batch gradient for step t at params into out. */
  private batchGradientAt(params: Float64Array, t: number, out: Float64Array): void {
    const { net, xs, xStride, ys, ws, batchSize } = this;
    gather(net.inputDim, xs, xStride, ys, this.batch(t), ws);
    lossAndGradient(net, params, ws.a[0], batchSize, ws.y, batchSize, ws, out);
  }

  /**
   * Up to k steps from the state's parameters: θ ← θ − α·g (plain), or
   * v ← β·v + g, θ ← θ − α·v (momentum, from the state's velocity). Stops at
   * the first divergence (see divergence.ts); a non-finite step is not
   * applied (params and velocity stay as they were). See RunOptions.
   */
  run(alpha: number, k: number, options: RunOptions = {}): RunOutcome {
    const { net, xs, xStride, ys, n, ws, fullGrad } = this;
    const { losses, trail, wantGradient = false } = options;
    const beta = options.beta === undefined ? this.beta : options.beta;
    const fullBatch = this.batchSize === 0;
    let cur = this.bufA;
    let next = this.bufB;
    // g: gradient used by the current step. In full-batch mode it is ∇J and
    // double-buffered with gNext so a rejected step leaves it intact.
    let g = this.grad;
    let gNext = this.gradNext;
    // Velocity, double-buffered for the same reason (momentum only).
    let v = this.velA;
    let vNext = this.velB;
    cur.set(this.p0);
    g.set(this.g0);
    if (beta !== null) v.set(this.v0);
    let loss = this.loss0;
    let gradientAtCur = fullBatch; // full: g = ∇J(cur); mini-batch: fullGrad = ∇J(cur)

    const finish = (applied: number, reason: DivergenceReason | null): RunOutcome => {
      let gradient: Float64Array | null = null;
      if (wantGradient && applied > 0) {
        gradient = fullBatch ? g : fullGrad;
        if (!gradientAtCur) lossAndGradient(net, cur, xs, xStride, ys, n, ws, gradient);
      }
      const velocity = beta === null ? this.v0 : v;
      return { params: cur, loss, gradient, velocity, applied, diverged: reason !== null, reason };
    };

    for (let t = 0; t < k; t++) {
      if (t > 0 && !fullBatch) this.batchGradientAt(cur, t, g);

      let finite = true;
      if (beta === null) {
        // Plain descent: exactly the arithmetic every stored gradient-descent checksum was recorded with.
        for (let i = 0; i < cur.length; i++) {
          const p = cur[i] - alpha * g[i];
          next[i] = p;
          if (!Number.isFinite(p)) finite = false;
        }
      } else {
        for (let i = 0; i < cur.length; i++) {
          const vi = beta * v[i] + g[i];
          const p = cur[i] - alpha * vi;
          // −0 would not survive JSON, so the checksum after a round trip would differ; +0 steps the same.
          vNext[i] = vi === 0 ? 0 : vi;
          next[i] = p;
          if (!Number.isFinite(p) || !Number.isFinite(vi)) finite = false;
        }
      }
      if (!finite) return finish(t, DIVERGENCE_REASON.nonFinite);

      // Full batch: the next step's gradient comes from the same pass as this loss.
      const last = t + 1 === k;
      const needGradient = fullBatch ? !last || wantGradient : last && wantGradient;
      const target = fullBatch ? gNext : fullGrad;
      const newLoss = needGradient
        ? lossAndGradient(net, next, xs, xStride, ys, n, ws, target)
        : lossAt(net, next, xs, xStride, ys, n, ws);
      if (!Number.isFinite(newLoss)) return finish(t, DIVERGENCE_REASON.nonFinite);

      [cur, next] = [next, cur];
      if (fullBatch) [g, gNext] = [gNext, g];
      if (beta !== null) [v, vNext] = [vNext, v];
      gradientAtCur = needGradient;
      losses?.push(newLoss);
      trail?.push(Array.from(cur));
      const exploded = isExploding(loss, newLoss);
      loss = newLoss;
      if (exploded) return finish(t + 1, DIVERGENCE_REASON.exploding);
    }
    return finish(k, null);
  }
}
