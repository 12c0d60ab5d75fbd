/**
 * Which implementation of exp, ln, log1p, sin, cos and tanh a configuration is computed with.
 *
 * ECMAScript does not specify Math.exp & co. to the last bit, so V8 versions and browsers round some inputs
 * differently, and weights trained with them cannot be reproduced everywhere. Version 1 computes them from
 * +, −, ×, ÷, sqrt and bit manipulation only (det-math.ts), which every engine rounds identically.
 *
 * A configuration WITHOUT `mathVersion` is a legacy one (recorded before the switch, with Math.*): stored logs must
 * keep meaning what they meant. Only parseConfig — the entry for new lessons — stamps the current version.
 */
import { z } from "zod";

export const MATH_VERSION = Object.freeze({
  /** Math.* of the JavaScript runtime (logs recorded before version 1); never written into a config. */
  legacy: 0,
  /** Deterministic: stdlib-js ports of FreeBSD msun / Cephes (det-math.ts). */
  deterministic1: 1,
} as const);
export type MathVersion = (typeof MATH_VERSION)[keyof typeof MATH_VERSION];

/** What new lessons get. */
export const CURRENT_MATH_VERSION = MATH_VERSION.deterministic1;

/** The config field: absent means legacy, so it is optional and has no default (see the file comment). */
export const MathVersionSchema = z.literal(MATH_VERSION.deterministic1, {
  error: `unknown math version; expected ${MATH_VERSION.deterministic1}`,
});

/** The math version of a configuration (legacy when the field is absent). */
export function mathVersionOf(config: { readonly mathVersion?: number }): MathVersion {
  return config.mathVersion === MATH_VERSION.deterministic1 ? MATH_VERSION.deterministic1 : MATH_VERSION.legacy;
}

/** Whether results of this configuration are the same bits in every JavaScript engine. */
export function isDeterministicMath(config: { readonly mathVersion?: number }): boolean {
  return mathVersionOf(config) !== MATH_VERSION.legacy;
}
