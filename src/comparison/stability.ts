// How much a score moves from epoch to epoch within a run, and from seed to seed.
import { BETTER, MetricName, metricAt } from './metric-readings';
import { RunResult } from './results';
import { finalSpread, Spread, spread } from './spread';

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
