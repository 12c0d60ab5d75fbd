/**
 * Seeded pseudo-random numbers: sfc32 (Small Fast Counter, 128-bit state as
 * four 32-bit words), seeded through splitmix32. Everything random in the
 * engine (datasets, noise, initial weights, mini-batch order) comes from here,
 * so a configuration plus a seed fixes every number.
 *
 * The state is a plain tuple so it can live inside an immutable engine state
 * and go through JSON unchanged.
 */

/** Four unsigned 32-bit words; JSON-able; copy it before advancing. */
export type RngState = readonly [number, number, number, number];

/**
 * Independent streams derived from one seed. Keeping them apart means that
 * changing the network (which draws a different number of initial weights)
 * does not change the dataset drawn for the same seed, and vice versa.
 */
export const RNG_STREAM = Object.freeze({
  data: 1,
  init: 2,
  batches: 3,
} as const);
export type RngStream = (typeof RNG_STREAM)[keyof typeof RNG_STREAM];

const TWO_POW_32 = 4294967296;

/** splitmix32 finaliser: spreads an integer seed over all 32 bits. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A generator that advances in place. It is only ever created from an
 * `RngState` snapshot inside one engine call, so no state is shared between
 * calls; `snapshot()` hands the advanced state back for the new engine state.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** Seed a fresh generator for one stream of one seed. */
  static fromSeed(seed: number, stream: RngStream): Rng {
    // Mix the stream number in before splitmix so streams are unrelated.
    let x = (seed ^ Math.imul(stream, 0x85ebca6b)) | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      words.push(splitmix32(x));
    }
    const rng = new Rng([words[0], words[1], words[2], words[3]]);
    // sfc32's authors advise discarding the first outputs after seeding.
    for (let i = 0; i < 12; i++) rng.nextUint32();
    return rng;
  }

  snapshot(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** One sfc32 step: uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32-bit resolution (plenty for data and init). */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.nextFloat();
  }

  /**
   * Standard normal by Box–Muller (one of the pair is dropped for simplicity), with the ln and cos of the
   * configuration's math version (engine-math.ts), so the same seed gives the same bits everywhere.
   */
  gaussian(math: { readonly ln: (x: number) => number; readonly cos: (x: number) => number }): number {
    const u1 = 1 - this.nextFloat(); // (0, 1], so the log is finite
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * math.ln(u1)) * math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n) for n ≤ 2^32, by rejection to avoid modulo bias. */
  nextInt(n: number): number {
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}
