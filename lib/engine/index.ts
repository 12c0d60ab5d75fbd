/**
 * Backprop Live training engine — public API.
 *
 * Pure and deterministic: every function takes an EngineState (immutable)
 * and returns plain data or a new state. No I/O, clock or Math.random.
 */
export { ACTIVATION, ACTIVATIONS, ActivationSchema, sigmoid, type Activation, type ActivationName } from "./activations";
export { LOSS, LossSchema, bce, mse, type LossName } from "./losses";
export { EngineConfigError, type ConfigIssue } from "./errors";
export {
  CONFIG_LIMITS,
  CURVE_TARGET,
  DATASET,
  DataPointsSchema,
  OPTIMIZER,
  OptimizerSchema,
  SCENARIO,
  ClassificationConfigSchema,
  CurveFitConfigSchema,
  EngineConfigSchema,
  HiddenLayerSchema,
  LineFitConfigSchema,
  OneWeightConfigSchema,
  defaultConfig,
  parseConfig,
  readConfig,
  type ClassificationConfig,
  type ConfigOf,
  type CurveFitConfig,
  type CurveTarget,
  type DataPoints,
  type DatasetName,
  type Optimizer,
  type EngineConfig,
  type EngineConfigInput,
  type HiddenLayer,
  type LineFitConfig,
  type OneWeightConfig,
  type ScenarioName,
} from "./config";
export { Rng, RNG_STREAM, type RngState, type RngStream } from "./prng";
export {
  CURRENT_MATH_VERSION,
  MATH_VERSION,
  MathVersionSchema,
  isDeterministicMath,
  mathVersionOf,
  type MathVersion,
} from "./math-version";
export { DETERMINISTIC_MATH, mathFor, type EngineMath, type MathFunctions } from "./engine-math";
export { CURVE_FUNCTIONS, generateDataset, trainCount, type Dataset, type Interval } from "./datasets";
export {
  compileNetwork,
  describeMlp,
  paramIndex,
  type LayerLayout,
  type LayerSpec,
  type MlpSpec,
  type Network,
  type ParamEntry,
  type ParamRef,
} from "./network";
export { createState, resetState, type EngineState } from "./state";
export { CLASS_THRESHOLD, evaluate, predict, trainingLoss, type Evaluation } from "./metrics";
export {
  CHAIN_FACTOR,
  backpropTrace,
  chainRule,
  gradient,
  type BackpropTrace,
  type ChainFactor,
  type ChainFactorKey,
  type ChainRuleBreakdown,
  type GradientResult,
  type LayerTrace,
} from "./backprop";
export {
  DIVERGENCE_REASON,
  DIVERGENCE_RULE,
  isExploding,
  validateAlpha,
  validateSteps,
  type DivergenceReason,
} from "./divergence";
export { MAX_STEPS_PER_CALL, runSteps, trainStep, type RunResult, type StepResult } from "./descent";
export {
  CURVE_DEFAULTS,
  MAX_WHAT_IF_STEPS,
  WhatIfEvaluator,
  lossAfterSteps,
  lossCurve,
  type AlphaGridOptions,
  type BestAlpha,
  type CurveOptions,
  type LossCurve,
  type WhatIfResult,
} from "./what-if";
export {
  MAX_SCORE,
  scoreFormula,
  scoreGuesses,
  type Guess,
  type GuessResult,
  type RoundResult,
  type ScoreOptions,
} from "./scoring";
export {
  costCurve,
  costSurface,
  datasetPoints,
  outputGrid,
  paramTable,
  type CostCurve,
  type CostSurface,
  type DatasetPoint,
  type GridOptions,
  type OutputCurve1D,
  type OutputGrid,
  type OutputGrid2D,
} from "./pictures";
export { SERIAL_VERSION, SerializedStateSchema, deserializeState, serializeState, type SerializedState } from "./serialize";
export { checksum, fnv1a64 } from "./checksum";
