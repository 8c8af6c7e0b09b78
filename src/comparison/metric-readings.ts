// The scores a run of chapter 07 records, which way is better for each, and how to read one off an epoch or a run.
import { EpochResult, ExperimentName, RunResult, RunSpec, SampleScores, VaeTestScores } from './results';

/** Scores of the evaluator (every run) and of the VAE's test set (VAE runs only), plus two derived ones. */
export type MetricName =
  | 'classEntropy'
  | 'classesCovered'
  | 'meanConfidence'
  | 'precision'
  | 'recall'
  | 'density'
  | 'coverage'
  | 'frechet'
  | 'relativeSharpness'
  | 'memorisationRatio'
  | 'negativeElbo'
  | 'reconstruction'
  | 'kl'
  | 'activeUnits'
  /** |relativeSharpness − 1|: how far the samples' sharpness is from real digits', blurrier or noisier. */
  | 'sharpnessGap'
  /** The share of samples in the most frequent predicted class (0.1 when all ten digits are equally frequent). */
  | 'largestClassShare';

/** Which way is better for each metric. For the VAE's loss terms "better" means a lower value. */
export const BETTER: Record<MetricName, 'higher' | 'lower'> = {
  classEntropy: 'higher',
  classesCovered: 'higher',
  meanConfidence: 'higher',
  precision: 'higher',
  recall: 'higher',
  density: 'higher',
  coverage: 'higher',
  frechet: 'lower',
  relativeSharpness: 'higher',
  memorisationRatio: 'higher',
  negativeElbo: 'lower',
  reconstruction: 'lower',
  kl: 'lower',
  activeUnits: 'higher',
  sharpnessGap: 'lower',
  largestClassShare: 'lower',
};

export const METRIC_LABELS: Record<MetricName, string> = {
  classEntropy: 'class entropy (nats)',
  classesCovered: 'classes covered',
  meanConfidence: 'mean confidence',
  precision: 'precision',
  recall: 'recall',
  density: 'density',
  coverage: 'coverage',
  frechet: 'Fréchet distance',
  relativeSharpness: 'relative sharpness',
  memorisationRatio: 'memorisation ratio',
  negativeElbo: 'test −ELBO (nats)',
  reconstruction: 'test reconstruction (nats)',
  kl: 'test KL (nats)',
  activeUnits: 'active units',
  sharpnessGap: '|sharpness − 1|',
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
export const isVaeMetric = (metric: MetricName): metric is VaeMetric =>
  (VAE_METRICS as readonly string[]).includes(metric);

/** The value of `metric` for a set of samples (NaN for a VAE metric without VAE test scores, e.g. a control). */
export function scoreValue(scores: SampleScores, metric: MetricName, vae?: VaeTestScores): number {
  if (isVaeMetric(metric)) return vae ? vae[metric] : NaN;
  switch (metric) {
    case 'sharpnessGap':
      return Math.abs(scores.relativeSharpness - 1);
    case 'largestClassShare':
      return Math.max(...scores.classShares);
    default:
      return scores[metric];
  }
}

/**
 * The range of the bounded scores. A standard deviation measured next to a bound is squeezed by it (a recall near 0
 * cannot vary much whatever the seed), so spreads of a score within NEAR_BOUND of the range from a bound are not
 * compared.
 */
export const BOUNDS: Partial<Record<MetricName, [number, number]>> = {
  precision: [0, 1],
  recall: [0, 1],
  coverage: [0, 1],
  meanConfidence: [0.1, 1],
  classEntropy: [0, Math.log(10)],
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
  if (!last)
    throw new Error(`Run ${run.spec.id} has no epoch${run.diverged ? ` (it diverged: ${run.diverged})` : ''}.`);
  return last;
}

/** The runs of one experiment (and model), in their order; runs with no finished epoch are left out. */
export function runsOf(runs: RunResult[], experiment: ExperimentName, model?: RunSpec['model']): RunResult[] {
  return runs.filter(
    (r) => r.spec.experiment === experiment && (!model || r.spec.model === model) && r.epochs.length > 0,
  );
}
