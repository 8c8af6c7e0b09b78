// The tables of chapter 07: scores of groups of runs (mean ± sd over seeds), one run per row, and always, beside them,
// what the control sets score, so that a reader sees what "good" reads on each score.
import { formatNumber } from '../plots';
import { TableRow } from '../plots';
import { CONTROL_LABELS, ControlName, ControlScores } from './controls';
import { RunResult } from './results';
import { finalEpoch, isVaeMetric, METRIC_LABELS, metricAt, MetricName, scoreValue } from './metric-readings';
import { finalSpread, formatSpread, Spread } from './spread';

/** The controls shown beside models: the best a generator can do, and a legible but blurred set. */
export const REFERENCE_CONTROLS: ControlName[] = ['real', 'blurred'];

/** A group of runs and how to read a score off it (default: the final epoch of each run, mean ± sd). */
export interface RunGroup {
  name: string;
  runs: RunResult[];
  read?: (runs: RunResult[], metric: MetricName) => Spread;
}

/**
 * A control's value of a score, or '—' where the control has none: VAE test scores, and the memorisation ratio of the
 * real and blurred digits, which are (blurred copies of) the very training digits memorisation compares with.
 */
export function controlCell(controls: ControlScores, name: ControlName, metric: MetricName): string {
  const copiesOfTraining = metric === 'memorisationRatio' && (name === 'real' || name === 'blurred');
  return copiesOfTraining ? '—' : formatNumber(scoreValue(controls[name], metric));
}

/** A group's mean ± sd of a score, or '—' when it has no runs or the score is a VAE test score and they are GANs. */
function groupCell(group: RunGroup, metric: MetricName): string {
  const measured = group.runs.length > 0 && (!isVaeMetric(metric) || group.runs.every((r) => r.spec.model === 'vae'));
  return measured ? formatSpread((group.read ?? finalSpread)(group.runs, metric)) : '—';
}

/** A run's final value of a score, or '—' for a VAE test score of a GAN run. */
function runCell(run: RunResult, metric: MetricName): string {
  return isVaeMetric(metric) && run.spec.model !== 'vae' ? '—' : formatNumber(metricAt(finalEpoch(run), metric));
}

/** One row per score; one column per group (mean ± sd) and per control. */
export function metricRows(
  metrics: MetricName[],
  groups: RunGroup[],
  controls?: ControlScores,
  shown: ControlName[] = REFERENCE_CONTROLS,
): TableRow[] {
  return metrics.map((metric) => ({
    score: METRIC_LABELS[metric],
    ...Object.fromEntries(groups.map((g) => [g.name, groupCell(g, metric)])),
    ...(controls ? Object.fromEntries(shown.map((c) => [CONTROL_LABELS[c], controlCell(controls, c, metric)])) : {}),
  }));
}

/** One row per group (mean ± sd over its runs); one column per score; the controls as rows underneath. */
export function groupRows(
  metrics: MetricName[],
  groups: RunGroup[],
  controls?: ControlScores,
  shown: ControlName[] = REFERENCE_CONTROLS,
): TableRow[] {
  const scores = (cell: (metric: MetricName) => string) =>
    Object.fromEntries(metrics.map((m) => [METRIC_LABELS[m], cell(m)]));
  return [
    ...groups.map((g) => ({ runs: g.name, ...scores((m) => groupCell(g, m)) })),
    ...(controls ? shown.map((c) => ({ runs: CONTROL_LABELS[c], ...scores((m) => controlCell(controls, c, m)) })) : []),
  ];
}

/** One row per run at its final epoch, labelled by `label`; the controls as rows underneath. */
export function runRows(
  metrics: MetricName[],
  runs: RunResult[],
  label: (run: RunResult) => string,
  controls?: ControlScores,
  shown: ControlName[] = REFERENCE_CONTROLS,
): TableRow[] {
  const scores = (cell: (metric: MetricName) => string) =>
    Object.fromEntries(metrics.map((m) => [METRIC_LABELS[m], cell(m)]));
  return [
    ...runs.map((run) => ({ run: label(run), ...scores((m) => runCell(run, m)) })),
    ...(controls ? shown.map((c) => ({ run: CONTROL_LABELS[c], ...scores((m) => controlCell(controls, c, m)) })) : []),
  ];
}
