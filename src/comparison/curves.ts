// A score epoch by epoch across seeds, and that curve as chart series with an error band.
import { MetricName, metricAt } from './metric-readings';
import { RunResult } from './results';
import { Spread, spread } from './spread';

export interface CurvePoint extends Spread {
  epoch: number;
}

/** Mean and spread across runs of a metric at every epoch that any run reached (n says how many did). */
export function metricCurve(runs: RunResult[], metric: MetricName): CurvePoint[] {
  const epochs = [...new Set(runs.flatMap((r) => r.epochs.map((e) => e.epoch)))].sort((a, b) => a - b);
  return epochs.map((epoch) => ({
    epoch,
    ...spread(runs.flatMap((r) => r.epochs.filter((e) => e.epoch === epoch).map((e) => metricAt(e, metric)))),
  }));
}

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
