/**
 * The set of functions one engine state computes with, picked once from the configuration's math version when the
 * network is compiled (network.math), so hot loops call fixed functions and never branch on the version.
 */
import { ACTIVATIONS, type Activation, type ActivationName } from "./activations";
import * as det from "./det-math";
import { LEGACY_ACTIVATIONS, LEGACY_BCE, LEGACY_FUNCTIONS } from "./legacy-math";
import { bce, type Bce } from "./losses";
import { MATH_VERSION, type MathVersion } from "./math-version";

export interface MathFunctions {
  readonly exp: (x: number) => number;
  readonly ln: (x: number) => number;
  readonly log1p: (x: number) => number;
  readonly sin: (x: number) => number;
  readonly cos: (x: number) => number;
  readonly tanh: (x: number) => number;
  readonly sigmoid: (z: number) => number;
}

export interface EngineMath extends MathFunctions {
  readonly version: MathVersion;
  readonly activations: Readonly<Record<ActivationName, Activation>>;
  readonly bce: Bce;
}

export const DETERMINISTIC_MATH: EngineMath = Object.freeze({
  version: MATH_VERSION.deterministic1,
  exp: det.exp,
  ln: det.ln,
  log1p: det.log1p,
  sin: det.sin,
  cos: det.cos,
  tanh: det.tanh,
  sigmoid: det.sigmoid,
  activations: ACTIVATIONS,
  bce,
});

const LEGACY_MATH: EngineMath = Object.freeze({
  ...LEGACY_FUNCTIONS,
  version: MATH_VERSION.legacy,
  activations: LEGACY_ACTIVATIONS,
  bce: LEGACY_BCE,
});

export function mathFor(version: MathVersion): EngineMath {
  return version === MATH_VERSION.legacy ? LEGACY_MATH : DETERMINISTIC_MATH;
}
