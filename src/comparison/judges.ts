// Which scores may judge a claim about quality or variety: only those the control sets (controls.ts) cannot fool.
// A quality score must rate the blurred digits and the average digit below real digits; a variety score must rate the
// one-class set and the average digit below real digits, and the blurred digits (exactly as varied as the real ones)
// at no less than half of them. Pure functions of the controls' scores, so each rule is tested on hand-made numbers.
import { formatNumber } from '../plots';
import type { ControlName, ControlScores } from './controls';
import { BETTER, BOUNDS, METRIC_LABELS, MetricName, scoreValue } from './metric-readings';

export interface Judges {
  quality: MetricName[];
  variety: MetricName[];
}

export interface Rejection {
  metric: MetricName;
  /** Why, with the numbers: "rates the blurred digits (0.848) at least as high as real digits (0.807)". */
  reason: string;
}

export const QUALITY_CANDIDATES: MetricName[] = ['density', 'precision', 'meanConfidence', 'frechet', 'sharpnessGap'];
export const VARIETY_CANDIDATES: MetricName[] = ['coverage', 'recall', 'classEntropy'];

/**
 * What the controls select with the full-settings evaluator of chapter 04 (notebook 07 asserts it): precision and
 * density rate blurred digits at least as high as real ones (precision also rates the average digit 1), and recall and
 * coverage rate blurred digits far below real ones, reading blur as missing variety.
 */
export const DEFAULT_JUDGES: Judges = {
  quality: ['meanConfidence', 'frechet', 'sharpnessGap'],
  variety: ['classEntropy'],
};

const LABEL: Record<ControlName, string> = {
  real: 'real digits',
  blurred: 'the blurred digits',
  oneClass: 'the one-class set',
  averaged: 'the average digit',
};

/** The scores that pass the controls, and why each other candidate fails. */
export function judgingScores(controls: ControlScores): Judges & { rejected: Rejection[] } {
  const value = (name: ControlName, metric: MetricName) => scoreValue(controls[name], metric);
  const better = (metric: MetricName, a: number, b: number) => (BETTER[metric] === 'higher' ? a > b : a < b);
  const rejected: Rejection[] = [];
  const belowReal = (metric: MetricName, names: ControlName[]) =>
    names.every((name) => {
      const [candidate, real] = [value(name, metric), value('real', metric)];
      if (better(metric, real, candidate)) return true;
      rejected.push({
        metric,
        reason: `rates ${LABEL[name]} (${formatNumber(candidate)}) ${BETTER[metric] === 'higher' ? 'at least as high as' : 'at least as low as'} real digits (${formatNumber(real)})`,
      });
      return false;
    });
  const quality = QUALITY_CANDIDATES.filter((metric) => belowReal(metric, ['blurred', 'averaged']));
  const variety = VARIETY_CANDIDATES.filter((metric) => {
    if (!belowReal(metric, ['oneClass', 'averaged'])) return false;
    const [blurred, real] = [value('blurred', metric), value('real', metric)];
    if (blurred >= real / 2) return true;
    rejected.push({
      metric,
      reason: `rates the blurred digits, as varied as real ones, at ${formatNumber(blurred)}, below half of real digits' ${formatNumber(real)}`,
    });
    return false;
  });
  return { quality, variety, rejected };
}

/** The judges whose spreads compare across models without rescaling: bounded scores, and density (about 1 for real digits). */
export function steadinessScores(judges: Judges): MetricName[] {
  return [...judges.quality, ...judges.variety].filter(
    (metric) => BOUNDS[metric] !== undefined || metric === 'density',
  );
}

/** "mean confidence, Fréchet distance and |sharpness − 1|": a list of scores for prose. */
export function scoreList(metrics: MetricName[]): string {
  const labels = metrics.map((m) => METRIC_LABELS[m]);
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}
