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
  dataPointsFor,
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
export { CURVE_FUNCTIONS, generateDataset, pointCount, trainCount, type Dataset, type Interval } from "./datasets";
export {
  INPUT_BOUND,
  MAX_ROW_ISSUES,
  POINT_COLUMNS,
  TARGET_BOUND,
  columnList,
  dataScaling,
  rowProblem,
  type DataScaling,
  type PointScenario,
} from "./data-points";
export { MAX_CSV_ERRORS, parsePointsCsv, type PointsCsv, type PointsCsvError } from "./points-csv";
export { isMomentum, optimizerOf, requireMomentum, validateBeta } from "./optimizer";
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
export { MAX_STEPS_PER_CALL, runSteps, trainStep, type RunResult, type StepOptions, type StepResult } from "./descent";
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
  type WhatIfOptions,
  type WhatIfOutcome,
  type WhatIfResult,
} from "./what-if";
export {
  BETA_CURVE_DEFAULTS,
  BetaWhatIfEvaluator,
  betaLossCurve,
  type BestBeta,
  type BetaCurveOptions,
  type BetaLossCurve,
  type BetaWhatIfResult,
} from "./beta-what-if";
export {
  MAX_SCORE,
  scoreFormula,
  scoreBetaGuesses,
  scoreGuesses,
  type BetaGuess,
  type BetaGuessResult,
  type BetaRoundResult,
  type BetaScoreOptions,
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
export { MAX_PATH_PARAMS, MAX_PATH_STEPS, momentumPaths, type MomentumPaths, type ParamPath } from "./momentum-paths";
export { SERIAL_VERSION, SerializedStateSchema, deserializeState, serializeState, type SerializedState } from "./serialize";
export { checksum, fnv1a64 } from "./checksum";
