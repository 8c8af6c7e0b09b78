// What the GAN-versus-VAE runs say (notebook 07): spreads across seeds, readings at equal wall-clock time, stability,
// mode collapse, compute, and the table of the source articles' claims with verdicts computed from the numbers.
// Pure functions over RunResult[] (no TensorFlow.js), so each rule is tested on hand-made runs.
import { EpochResult, ExperimentName, RunResult, RunSpec, SampleScores, VaeTestScores } from './results';

// ---------------------------------------------------------------------------------------------------------------
// Metrics

/** Scores of the evaluator (every run) and of the VAE's test set (VAE runs only), plus two derived ones. */
export type MetricName =
  | 'classEntropy' | 'classesCovered' | 'meanConfidence' | 'precision' | 'recall' | 'density' | 'coverage' | 'frechet'
  | 'relativeSharpness' | 'memorisationRatio'
  | 'negativeElbo' | 'reconstruction' | 'kl' | 'activeUnits'
  /** |relativeSharpness − 1|: how far the samples' sharpness is from real digits', blurrier or noisier. */
  | 'sharpnessGap'
  /** The share of samples in the most frequent predicted class (0.1 when all ten digits are equally frequent). */
  | 'largestClassShare';

/** Which way is better for each metric. For the VAE's loss terms "better" means a lower value. */
export const BETTER: Record<MetricName, 'higher' | 'lower'> = {
  classEntropy: 'higher', classesCovered: 'higher', meanConfidence: 'higher', precision: 'higher', recall: 'higher',
  density: 'higher', coverage: 'higher',
  frechet: 'lower', relativeSharpness: 'higher', memorisationRatio: 'higher', negativeElbo: 'lower',
  reconstruction: 'lower', kl: 'lower', activeUnits: 'higher', sharpnessGap: 'lower', largestClassShare: 'lower',
};

export const METRIC_LABELS: Record<MetricName, string> = {
  classEntropy: 'class entropy (nats)', classesCovered: 'classes covered', meanConfidence: 'mean confidence',
  precision: 'precision', recall: 'recall', density: 'density', coverage: 'coverage', frechet: 'Fréchet distance', relativeSharpness: 'relative sharpness',
  memorisationRatio: 'memorisation ratio', negativeElbo: 'test −ELBO (nats)', reconstruction: 'test reconstruction (nats)',
  kl: 'test KL (nats)', activeUnits: 'active units', sharpnessGap: '|sharpness − 1|',
  largestClassShare: 'largest class share',
};

/** The value of `metric` after one epoch; VAE metrics of a GAN run are an error that names the metric. */
export function metricAt(epoch: EpochResult, metric: MetricName): number {
  if (isVaeMetric(metric) && !epoch.vae) {
    throw new Error(`Epoch ${epoch.epoch} has no VAE test scores, so it has no ${metric}; only VAE runs do.`);
  }
  return scoreValue(epoch.scores, metric, epoch.vae);
}

const VAE_METRICS = ['negativeElbo', 'reconstruction', 'kl', 'activeUnits'] as const;
type VaeMetric = (typeof VAE_METRICS)[number];
export const isVaeMetric = (metric: MetricName): metric is VaeMetric => (VAE_METRICS as readonly string[]).includes(metric);

/** The value of `metric` for a set of samples (NaN for a VAE metric without VAE test scores, e.g. a control). */
export function scoreValue(scores: SampleScores, metric: MetricName, vae?: VaeTestScores): number {
  if (isVaeMetric(metric)) return vae ? vae[metric] : NaN;
  switch (metric) {
    case 'sharpnessGap': return Math.abs(scores.relativeSharpness - 1);
    case 'largestClassShare': return Math.max(...scores.classShares);
    default: return scores[metric];
  }
}

/**
 * The range of the bounded scores. A standard deviation measured next to a bound is squeezed by it (a recall near 0
 * cannot vary much whatever the seed), so spreads of a score within NEAR_BOUND of the range from a bound are not
 * compared.
 */
export const BOUNDS: Partial<Record<MetricName, [number, number]>> = {
  precision: [0, 1], recall: [0, 1], coverage: [0, 1], meanConfidence: [0.1, 1], classEntropy: [0, Math.log(10)],
};
export const NEAR_BOUND = 0.05;

/** 'floor' or 'ceiling' when a mean sits within NEAR_BOUND of the score's range from one of its bounds. */
export function nearBound(metric: MetricName, mean: number): 'floor' | 'ceiling' | undefined {
  const range = BOUNDS[metric];
  if (!range) return undefined;
  const margin = NEAR_BOUND * (range[1] - range[0]);
  if (mean <= range[0] + margin) return 'floor';
  if (mean >= range[1] - margin) return 'ceiling';
  return undefined;
}

export function finalEpoch(run: RunResult): EpochResult {
  const last = run.epochs[run.epochs.length - 1];
  if (!last) throw new Error(`Run ${run.spec.id} has no epoch${run.diverged ? ` (it diverged: ${run.diverged})` : ''}.`);
  return last;
}

/** The runs of one experiment (and model), in their order; runs with no finished epoch are left out. */
export function runsOf(runs: RunResult[], experiment: ExperimentName, model?: RunSpec['model']): RunResult[] {
  return runs.filter((r) => r.spec.experiment === experiment && (!model || r.spec.model === model) && r.epochs.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Spread across seeds

/** Mean and sample standard deviation (n − 1 in the denominator; NaN with fewer than two values). */
export interface Spread { mean: number; sd: number; n: number }

export function spread(values: number[]): Spread {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? NaN : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}

/** The spread across runs (seeds) of a metric at each run's final epoch. */
export function finalSpread(runs: RunResult[], metric: MetricName): Spread {
  return spread(runs.map((r) => metricAt(finalEpoch(r), metric)));
}

export interface CurvePoint extends Spread { epoch: number }

/** Mean and spread across runs of a metric at every epoch that any run reached (n says how many did). */
export function metricCurve(runs: RunResult[], metric: MetricName): CurvePoint[] {
  const epochs = [...new Set(runs.flatMap((r) => r.epochs.map((e) => e.epoch)))].sort((a, b) => a - b);
  return epochs.map((epoch) => ({
    epoch,
    ...spread(runs.flatMap((r) => r.epochs.filter((e) => e.epoch === epoch).map((e) => metricAt(e, metric)))),
  }));
}

/** "0.612 ± 0.031" (mean ± sample sd), or "0.612 (1 run)" when there is no spread. */
export function formatSpread(s: Spread, digits = 3): string {
  if (s.n === 0) return '—';
  const f = (v: number) => formatNumber(v, digits);
  return s.n < 2 ? `${f(s.mean)} (1 run)` : `${f(s.mean)} ± ${f(s.sd)}`;
}

/** A number to `digits` significant digits, without an exponent for the sizes met here; '—' for a missing (NaN) value. */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  return String(Number(value.toPrecision(digits)));
}

// ---------------------------------------------------------------------------------------------------------------
// Equal wall-clock time

/** Training seconds of the whole run (evaluation excluded). */
export function totalTrainSeconds(run: RunResult): number {
  return finalEpoch(run).trainSeconds;
}

/**
 * The time every run of the faster group needed to finish: for each group the slowest run's training time, then the
 * smallest of those. The faster model is read at its last epoch; the slower one at the epoch it had reached by then.
 */
export function sharedTimeBudget(groups: RunResult[][]): number {
  return Math.min(...groups.map((runs) => Math.max(...runs.map(totalTrainSeconds))));
}

/** The run's last epoch finished within `budgetSeconds` of training, or undefined if even the first took longer. */
export function epochWithinBudget(run: RunResult, budgetSeconds: number): EpochResult | undefined {
  return [...run.epochs].reverse().find((e) => e.trainSeconds <= budgetSeconds);
}

export interface BudgetReading extends Spread {
  /** The epoch each run had reached within the budget (runs that reached none are left out of the spread). */
  epochs: (number | undefined)[];
}

export function spreadWithinBudget(runs: RunResult[], budgetSeconds: number, metric: MetricName): BudgetReading {
  const reached = runs.map((r) => epochWithinBudget(r, budgetSeconds));
  return {
    ...spread(reached.flatMap((e) => (e ? [metricAt(e, metric)] : []))),
    epochs: reached.map((e) => e?.epoch),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Stability

export interface Oscillation {
  /** Mean |value(t+1) − value(t)| over consecutive epochs. */
  meanAbsoluteChange: number;
  /** Share of consecutive epochs after which the metric got worse (its BETTER direction tells which way is worse). */
  worseningShare: number;
  changes: number;
}

/** How much one run's metric moves from epoch to epoch (NaN with a single epoch). */
export function oscillation(run: RunResult, metric: MetricName): Oscillation {
  const values = run.epochs.map((e) => metricAt(e, metric));
  const steps = values.slice(1).map((v, i) => v - values[i]);
  const worse = steps.filter((d) => (BETTER[metric] === 'higher' ? d < 0 : d > 0)).length;
  const n = steps.length;
  return {
    meanAbsoluteChange: n ? steps.reduce((a, d) => a + Math.abs(d), 0) / n : NaN,
    worseningShare: n ? worse / n : NaN,
    changes: n,
  };
}

export interface Stability {
  /** The metric's spread across runs at their final epochs. */
  acrossRuns: Spread;
  /** Means over the runs of their within-run oscillation. */
  meanAbsoluteChange: number;
  worseningShare: number;
}

export function stability(runs: RunResult[], metric: MetricName): Stability {
  const within = runs.map((r) => oscillation(r, metric));
  return {
    acrossRuns: finalSpread(runs, metric),
    meanAbsoluteChange: spread(within.map((o) => o.meanAbsoluteChange)).mean,
    worseningShare: spread(within.map((o) => o.worseningShare)).mean,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mode collapse

/** A sample set counts as collapsed when one class holds more than 40 % of it or the class entropy is below 1.5 nats. */
export const MODE_COLLAPSE = { largestShare: 0.4, entropy: 1.5 };

export interface ClassBalance {
  epoch: number;
  largestClass: number;
  largestShare: number;
  entropy: number;
  classesCovered: number;
  collapsed: boolean;
}

export function classBalance(run: RunResult): ClassBalance[] {
  return run.epochs.map((e) => {
    const shares = e.scores.classShares;
    const largestShare = Math.max(...shares);
    return {
      epoch: e.epoch,
      largestClass: shares.indexOf(largestShare),
      largestShare,
      entropy: e.scores.classEntropy,
      classesCovered: e.scores.classesCovered,
      collapsed: largestShare > MODE_COLLAPSE.largestShare || e.scores.classEntropy < MODE_COLLAPSE.entropy,
    };
  });
}

/**
 * Whether the run is collapsed in the second half of its epochs (the last epoch of a one-epoch run): a collapse that
 * lasts, not the first epoch of a generator that has not learnt to draw anything yet.
 */
export function collapsesLate(run: RunResult): boolean {
  const balance = classBalance(run);
  return balance.slice(Math.floor(balance.length / 2)).some((b) => b.collapsed);
}

// ---------------------------------------------------------------------------------------------------------------
// Compute

/**
 * Forward passes of each network per training step. A GAN step with k generator steps: the D update runs G once
 * (fakes) and D twice (real batch, fake batch); each G update runs G and D once (D judges G's fresh fakes), so
 * G ×(1 + k) and D ×(2 + k) — G ×2 and D ×3 for the usual k = 1. Every forward pass on the gradient's path is followed
 * by a backward pass. A VAE step: the encoder and the decoder once each.
 */
export function forwardPassesPerStep(spec: RunSpec): Record<string, number> {
  if (spec.model === 'vae') return { encoder: 1, decoder: 1 };
  const k = spec.generatorSteps ?? 1;
  return { generator: 1 + k, discriminator: 2 + k };
}

export interface ComputeCost {
  secondsPerStep: number;
  stepsPerSecond: number;
  parameters: number;
  forwardPasses: Record<string, number>;
}

export function computeCost(run: RunResult): ComputeCost {
  const last = finalEpoch(run);
  return {
    secondsPerStep: last.trainSeconds / last.steps,
    stepsPerSecond: last.steps / last.trainSeconds,
    parameters: run.parameters,
    forwardPasses: forwardPassesPerStep(run.spec),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Verdicts

export type Verdict = 'holds' | 'does not hold' | 'not settled at this budget' | 'not measured here';

export interface Settlement {
  verdict: Verdict;
  /** claimed.mean − other.mean. */
  difference: number;
  /** claimed.sd + other.sd: the difference must exceed this to count. */
  margin: number;
  /** One line saying why, with the numbers. */
  basis: string;
}

/**
 * Settles "`claimed` is better than `other` on a metric" (better = BETTER's direction, or the one given). The
 * difference of the means counts only when it exceeds the sum of the two across-seed standard deviations (the
 * mean ± 1 sd intervals do not overlap); otherwise, or when a side has no spread, the claim is not settled.
 * `fallbackSd` stands in for a missing spread (e.g. single runs per setting, with the seeds' spread measured elsewhere).
 */
export function settle(claimed: Spread, other: Spread, better: 'higher' | 'lower', fallbackSd?: number): Settlement {
  const sdOf = (s: Spread) => (Number.isFinite(s.sd) ? s.sd : fallbackSd ?? NaN);
  const difference = claimed.mean - other.mean;
  const margin = sdOf(claimed) + sdOf(other);
  const f = (v: number) => formatNumber(v);
  if (!Number.isFinite(difference)) {
    return { verdict: 'not measured here', difference, margin, basis: 'a side has no runs' };
  }
  if (!Number.isFinite(margin)) {
    return { verdict: 'not settled at this budget', difference, margin, basis: `difference ${f(difference)}, no spread measured` };
  }
  if (Math.abs(difference) <= margin) {
    return { verdict: 'not settled at this budget', difference, margin, basis: `|difference| ${f(Math.abs(difference))} ≤ spread ${f(margin)}` };
  }
  const inFavour = better === 'higher' ? difference > 0 : difference < 0;
  return {
    verdict: inFavour ? 'holds' : 'does not hold', difference, margin,
    basis: `difference ${f(difference)} beyond spread ${f(margin)}`,
  };
}

/**
 * One verdict from several measurements of the same claim: it holds when at least one holds and none contradicts,
 * does not hold when at least one contradicts and none holds; mixed or unsettled evidence leaves it not settled.
 */
export function combineVerdicts(verdicts: Verdict[]): Verdict {
  const measured = verdicts.filter((v) => v !== 'not measured here');
  if (measured.length === 0) return 'not measured here';
  const holds = measured.includes('holds');
  const fails = measured.includes('does not hold');
  if (holds && !fails) return 'holds';
  if (fails && !holds) return 'does not hold';
  return 'not settled at this budget';
}

/**
 * Spreads are themselves uncertain (from 3 seeds a sample sd is off by up to a factor of about 2), so "varies more"
 * is settled only when one spread is at least twice the other.
 */
export const SPREAD_RATIO = 2;

/** Settles "`claimed` varies more than `other`" from two standard deviations. */
export function settleSpreads(claimedSd: number, otherSd: number): Settlement {
  const ratio = claimedSd / otherSd;
  const basis = `sd ratio ${formatNumber(ratio)} (settled at ≥ ${SPREAD_RATIO} or ≤ 1/${SPREAD_RATIO})`;
  const base = { difference: claimedSd - otherSd, margin: NaN };
  if (!Number.isFinite(claimedSd) || !Number.isFinite(otherSd) || (claimedSd === 0 && otherSd === 0)) {
    return { ...base, verdict: 'not settled at this budget', basis: 'no spread to compare' };
  }
  if (ratio >= SPREAD_RATIO) return { ...base, verdict: 'holds', basis };
  if (ratio <= 1 / SPREAD_RATIO) return { ...base, verdict: 'does not hold', basis };
  return { ...base, verdict: 'not settled at this budget', basis };
}

/**
 * "Gets better step by step" for one score over the epochs of `runs`: it holds when the final epoch beats the first
 * beyond the two spreads and at most NEARLY_MONOTONE of the epoch-to-epoch changes (pooled over the runs) make the score
 * worse; it does not hold when the final epoch is worse than the first beyond the spreads, or when at least half of the
 * changes make it worse (a coin would do as well); otherwise it is not settled.
 */
export function settleTrajectory(runs: RunResult[], metric: MetricName): Settlement & { worseningShare: number } {
  const first = spread(runs.map((r) => metricAt(r.epochs[0], metric)));
  const overall = settle(finalSpread(runs, metric), first, BETTER[metric]);
  const changes = runs.map((r) => oscillation(r, metric));
  const total = changes.reduce((sum, o) => sum + o.changes, 0);
  const worseningShare = total ? changes.reduce((sum, o) => sum + o.worseningShare * o.changes, 0) / total : NaN;
  const shareText = `worse after ${formatNumber(worseningShare)} of ${total} epoch-to-epoch changes`;
  const verdict: Verdict = total === 0 ? 'not measured here'
    : overall.verdict === 'does not hold' || worseningShare >= 0.5 ? 'does not hold'
      : overall.verdict === 'holds' && worseningShare <= NEARLY_MONOTONE ? 'holds' : 'not settled at this budget';
  return { ...overall, verdict, worseningShare, basis: `first to final epoch: ${overall.basis}; ${shareText}` };
}

/** A score may get worse after at most this share of epochs for its trajectory to count as "nearly monotone". */
export const NEARLY_MONOTONE = 0.2;

/**
 * A curve as chart series: the mean, and mean ± 1 sd where at least two runs reached the epoch (an error band drawn
 * as two thin lines). Plain { name, x, y } objects, the shape lineChart takes.
 */
export function bandSeries(points: CurvePoint[], name: string): { name: string; x: number[]; y: number[] }[] {
  const series = [{ name: `${name} (mean)`, x: points.map((p) => p.epoch), y: points.map((p) => p.mean) }];
  const spread = points.filter((p) => Number.isFinite(p.sd));
  if (spread.length === 0) return series;
  return [
    ...series,
    { name: `${name} + 1 sd`, x: spread.map((p) => p.epoch), y: spread.map((p) => p.mean + p.sd) },
    { name: `${name} − 1 sd`, x: spread.map((p) => p.epoch), y: spread.map((p) => p.mean - p.sd) },
  ];
}
