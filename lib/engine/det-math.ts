/**
 * Deterministic elementary functions: built only on IEEE-754 basic arithmetic (+, −, ×, ÷, sqrt) and bit
 * manipulation, which every JavaScript engine rounds identically, so results are the same bits in Node, any browser
 * and non-V8 engines. Never Math.exp & co. here: ECMAScript leaves their last bit to the implementation.
 *
 * exp, ln, log1p, sin and cos are stdlib-js's ports of FreeBSD msun (checked: no Math.* inside). tanh is stdlib's
 * Cephes algorithm with its exp inlined and the 2^k scaling done by one multiplication (exact here, since
 * 2|x| ≤ 88 keeps 2^k normal), because tanh is the engine's hottest function; it returns exactly stdlib's bits
 * (tests/engine/det-math.test.ts compares them).
 */
import stdlibCos from "@stdlib/math-base-special-cos";
import stdlibExp from "@stdlib/math-base-special-exp";
import stdlibLn from "@stdlib/math-base-special-ln";
import stdlibLog1p from "@stdlib/math-base-special-log1p";
import stdlibSin from "@stdlib/math-base-special-sin";

export const exp: (x: number) => number = stdlibExp;
export const ln: (x: number) => number = stdlibLn;
export const log1p: (x: number) => number = stdlibLog1p;
export const sin: (x: number) => number = stdlibSin;
export const cos: (x: number) => number = stdlibCos;

/** ln(2^127): beyond half of it tanh is ±1 (stdlib's MAXLOG). */
const HALF_MAXLOG = 0.5 * 8.8029691931113054295988e1;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2_E = 1.442695040888963387;

/** 2^k for integer k in [−1022, 1023], from its bits. */
const POW2 = new Float64Array(1);
const POW2_WORDS = new Int32Array(POW2.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second

function pow2(k: number): number {
  POW2_WORDS[HIGH] = (k + 1023) << 20;
  POW2_WORDS[1 - HIGH] = 0;
  return POW2[0];
}

/** e^x for 0 < x ≤ 88.03 (no special cases): stdlib's exp with ldexp replaced by an exact multiplication. */
function expSmall(x: number): number {
  // As in stdlib's exp: below 2^-28 it returns 1 + x (tanh never calls this so low: 2|x| ≥ 1.25).
  const k = Math.trunc(LOG2_E * x + 0.5);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const p =
    0.16666666666666602 +
    t * (-0.0027777777777015593 + t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8)));
  const c = r - t * p;
  const y = 1.0 - (lo - (r * c) / (2.0 - c) - hi);
  return y * pow2(k);
}

/** Hyperbolic tangent (stdlib-js / Cephes method; bit-identical to @stdlib/math-base-special-tanh). */
export function tanh(x: number): number {
  let z = x < 0 ? -x : x;
  if (z > HALF_MAXLOG) return x < 0 ? -1.0 : 1.0;
  if (z >= 0.625) {
    const s = expSmall(2.0 * z);
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
