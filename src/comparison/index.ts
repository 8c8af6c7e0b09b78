// The GAN-versus-VAE chapter: the plan of runs, one run and its scores, and the results files; what the runs say
// (metric-readings, spread, curves, time-budget, stability, mode-collapse, compute-cost: pure functions over RunResult[],
// no TensorFlow.js, each tested on hand-made runs) and the verdict rules (verdicts) that claims.ts applies.
export type {
  ComparisonResults,
  EpochResult,
  ExperimentName,
  RunResult,
  RunSpec,
  SampleScores,
  VaeTestScores,
} from './results';
export { disposeScoringReference, prepareScoringReference, scoreSamples } from './score';
export type { ScoringReference } from './score';
export { comparisonPlan, EXPERIMENTS, VAE_BASELINE_ID } from './experiments';
export { comparisonContext, runComparison, runPlan, sameSpec } from './run';
export type { ComparisonContext } from './run';
export {
  COMPARISON_RESULTS_DIRECTORY,
  loadComparisonResults,
  readComparisonResults,
  writeComparisonResults,
} from './files';
export {
  BETTER,
  BOUNDS,
  finalEpoch,
  isVaeMetric,
  METRIC_LABELS,
  metricAt,
  NEAR_BOUND,
  nearBound,
  runsOf,
  scoreValue,
} from './metric-readings';
export type { MetricName } from './metric-readings';
export { finalSpread, formatSpread, spread } from './spread';
export type { Spread } from './spread';
export { bandSeries, metricCurve } from './curves';
export type { CurvePoint } from './curves';
export { epochWithinBudget, sharedTimeBudget, spreadWithinBudget, totalTrainSeconds } from './time-budget';
export type { BudgetReading } from './time-budget';
export { oscillation, stability } from './stability';
export type { Oscillation, Stability } from './stability';
export { classBalance, collapsesLate, MODE_COLLAPSE } from './mode-collapse';
export type { ClassBalance } from './mode-collapse';
export { computeCost, forwardPassesPerStep } from './compute-cost';
export type { ComputeCost } from './compute-cost';
export { combineVerdicts, NEARLY_MONOTONE, settle, settleSpreads, settleTrajectory, SPREAD_RATIO } from './verdicts';
export type { Settlement, Verdict } from './verdicts';
export { CLAIMS, claimsTable, LATENT_RULE } from './claims';
export type { Claim, ClaimRow, LatentEvidence } from './claims';
export { CONTROL_LABELS, ONE_CLASS_DIGIT, scoreControls } from './controls';
export type { ControlName, ControlScores } from './controls';
export { controlCell, groupRows, metricRows, REFERENCE_CONTROLS, runRows } from './tables';
export type { RunGroup } from './tables';
export { measureLatentSpace } from './latent-evidence';
export type { LatentMeasurement, LatentSettings } from './latent-evidence';
export {
  DEFAULT_JUDGES,
  judgingScores,
  QUALITY_CANDIDATES,
  scoreList,
  steadinessScores,
  VARIETY_CANDIDATES,
} from './judges';
export type { Judges, Rejection } from './judges';
export {
  readStabilityResults,
  runStability,
  sameStabilitySpec,
  STABILITY_RESULTS_FILE,
  STABILITY_SETTINGS,
  STABILITY_VARIANTS,
  stabilityPlan,
  writeStabilityResults,
} from './stabilising-runs';
export type {
  StabilityMark,
  StabilityResults,
  StabilityRun,
  StabilitySpec,
  StabilityVariant,
} from './stabilising-runs';
export { collapsed, H12, STABILITY_SCORES, stabilitySpread, stabilityTable } from './stabilising-claims';
export type { StabilityRow } from './stabilising-claims';
