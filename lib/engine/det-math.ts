/**
 * Deterministic elementary functions: built only on IEEE-754 basic arithmetic (+, −, ×, ÷, sqrt) and bit
 * manipulation, which every JavaScript engine rounds identically, so results are the same bits in Node, any browser
 * and non-V8 engines. Never Math.exp & co. here: ECMAScript leaves their last bit to the implementation.
 *
 * ln, log1p, sin and cos are stdlib-js's ports of FreeBSD msun (checked: no Math.* inside). exp and tanh (stdlib's
 * Cephes method) are stdlib's algorithms written out here with the final 2^k scaling done by one multiplication
 * instead of stdlib's general ldexp, which is exact wherever it is used, because they are the engine's hottest
 * functions; they return exactly stdlib's bits (tests/engine/det-math.test.ts compares them).
 */
import stdlibCos from "@stdlib/math-base-special-cos";
import stdlibExp from "@stdlib/math-base-special-exp";
import stdlibLn from "@stdlib/math-base-special-ln";
import stdlibLog1p from "@stdlib/math-base-special-log1p";
import stdlibSin from "@stdlib/math-base-special-sin";

export const ln: (x: number) => number = stdlibLn;
export const log1p: (x: number) => number = stdlibLog1p;
export const sin: (x: number) => number = stdlibSin;
export const cos: (x: number) => number = stdlibCos;

/** ln(2^127): beyond half of it tanh is ±1 (stdlib's MAXLOG). */
const HALF_MAXLOG = 0.5 * 8.8029691931113054295988e1;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2_E = 1.442695040888963387;

/** 2^k for integer k in [−1022, 1023] at POW2[k + 1022]: built by exact doublings, read with one load. */
const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let i = 1023; i < POW2.length; i++) POW2[i] = POW2[i - 1] * 2;
for (let i = 1021; i >= 0; i--) POW2[i] = POW2[i + 1] * 0.5;

/** e^(hi − lo) · 2^k for |hi − lo| ≤ ln 2 / 2 and k in [−1021, 1023] (stdlib's expmulti; ldexp is then exact). */
function expReduced(x: number, k: number): number {
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const p =
    0.16666666666666602 +
    t * (-0.0027777777777015593 + t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8)));
  const c = r - t * p;
  const y = 1.0 - (lo - (r * c) / (2.0 - c) - hi);
  return y * POW2[k + 1022];
}

/** 2^-28: below it stdlib's exp returns 1 + x. */
const NEAR_ZERO = 1 / (1 << 28);

/**
 * e^x: stdlib's exp (FreeBSD msun's method), with its ldexp replaced by one exact multiplication where the result
 * and 2^k are normal numbers (−708 < x < 709); stdlib itself handles the rest (NaN, ±∞, overflow, subnormals).
 * Bit-identical to @stdlib/math-base-special-exp (tests/engine/det-math.test.ts).
 */
export function exp(x: number): number {
  if (!(x > -708 && x < 709)) return stdlibExp(x);
  if (x > -NEAR_ZERO && x < NEAR_ZERO) return 1.0 + x;
  return expReduced(x, Math.trunc(x < 0 ? LOG2_E * x - 0.5 : LOG2_E * x + 0.5));
}

/** Hyperbolic tangent (stdlib-js / Cephes method; bit-identical to @stdlib/math-base-special-tanh). */
export function tanh(x: number): number {
  let z = x < 0 ? -x : x;
  if (z > HALF_MAXLOG) return x < 0 ? -1.0 : 1.0;
  if (z >= 0.625) {
    const twice = 2.0 * z; // in [1.25, 88.03]: k in [2, 127]
    const s = expReduced(twice, Math.trunc(LOG2_E * twice + 0.5));
    z = 1.0 - 2.0 / (s + 1.0);
    return x < 0 ? -z : z;
  }
  if (x === 0.0) return x; // ±0 (and the rational below would be 0/…: fine, but keep the sign exactly)
  if (z !== z) return x; // NaN
  const s = x * x;
  // Cephes rational P(s)/Q(s) for s ≤ 1 (stdlib's evalrational; s < 0.3907 here).
  const num = -1614.6876844170845 + s * (-99.28772310019185 + s * (-0.9643991794250523 + s * 0.0));
  const den = 4844.063053251255 + s * (2235.4883906010045 + s * (112.81167849163293 + s * 1.0));
  return x + x * s * (num / den);
}

/** Logistic sigmoid without overflow: exp is only taken of a non-positive number. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}
