// H12's verdicts, from the runs of stabilising-runs.ts, by chapter 07's rules (verdicts.ts): a variant counts as steadier
// when the plain GAN's across-seed spread is at least twice its own (settleSpreads) or when fewer of its runs collapse,
// and as better when its mean beats the GAN's beyond the two spreads (settle); several readings combine by
// combineVerdicts. The scores that judge are chapter 07's (DEFAULT_JUDGES, chosen there by the control sets).
import { formatNumber } from '../plots';
import { DEFAULT_JUDGES, Judges, steadinessScores } from './judges';
import type { StabilityRun, StabilityVariant } from './stabilising-runs';
import { BETTER, METRIC_LABELS, MetricName, nearBound, scoreValue } from './metric-readings';
import { MODE_COLLAPSE } from './mode-collapse';
import { formatSpread, Spread, spread } from './spread';
import { combineVerdicts, settle, Settlement, settleSpreads, Verdict } from './verdicts';

/** The scores shown for every group of runs (chapter 07's): the verdicts use the judges among them. */
export const STABILITY_SCORES: MetricName[] = [
  'density',
  'coverage',
  'classEntropy',
  'meanConfidence',
  'frechet',
  'sharpnessGap',
];

export const H12 = {
  id: 'H12',
  claim: 'Wasserstein losses (WGAN-GP) and spectral normalisation (SN-GAN) stabilise GAN training.',
  source: '001 §10 (trends: Wasserstein distance, spectral normalisation); 000 §9, 003 §3.1.4 (variants as the remedy)',
};

export interface StabilityRow {
  id: string;
  /** What was measured for the plain GAN and for the variant. */
  gan: string;
  variant: string;
  verdict: Verdict;
  basis: string;
}

const finished = (runs: StabilityRun[], variant: StabilityVariant) =>
  runs.filter((r) => r.spec.variant === variant && r.marks.length > 0);
const finalValue = (run: StabilityRun, metric: MetricName) =>
  scoreValue(run.marks[run.marks.length - 1].scores, metric);

/** The spread across seeds of a score at the last mark (equal compute). */
export function stabilitySpread(runs: StabilityRun[], metric: MetricName): Spread {
  return spread(runs.map((r) => finalValue(r, metric)));
}

/** A run collapsed when, in the second half of its marks, one class held more than 40 % or the class entropy fell below 1.5 nats (chapter 07's rule). */
export function collapsed(run: StabilityRun): boolean {
  return run.marks
    .slice(Math.floor(run.marks.length / 2))
    .some(
      (m) =>
        scoreValue(m.scores, 'largestClassShare') > MODE_COLLAPSE.largestShare ||
        m.scores.classEntropy < MODE_COLLAPSE.entropy,
    );
}

function describe(runs: StabilityRun[], all: StabilityRun[], variant: StabilityVariant): string {
  const failed = all.filter((r) => r.spec.variant === variant && r.diverged).length;
  return (
    STABILITY_SCORES.map((m) => `${METRIC_LABELS[m]} ${formatSpread(stabilitySpread(runs, m))}`).join('; ') +
    `; collapsed ${runs.filter(collapsed).length} of ${runs.length}; diverged ${failed}`
  );
}

/** "Fewer of the variant's runs collapse or diverge": holds, fails, or (equal counts) tells nothing. */
function settleFailures(gan: number, variant: number, what: string): Settlement {
  const base = { difference: gan - variant, margin: NaN, basis: `${what}: GAN ${gan}, variant ${variant}` };
  if (gan === variant)
    return { ...base, verdict: 'not measured here', basis: `${base.basis} (equal: no evidence either way)` };
  return { ...base, verdict: gan > variant ? 'holds' : 'does not hold' };
}

/** Two rows per variant (steadier; better at equal compute) and the combined H12 row over the variants' steadiness. */
export function stabilityTable(runs: StabilityRun[], judges: Judges = DEFAULT_JUDGES): StabilityRow[] {
  const gan = finished(runs, 'gan');
  const rows: StabilityRow[] = [];
  for (const variant of ['wgan-gp', 'sngan'] as const) {
    const other = finished(runs, variant);
    if (gan.length < 2 || other.length < 2) {
      rows.push({
        id: `H12 ${variant} steadier`,
        gan: '—',
        variant: '—',
        verdict: 'not measured here',
        basis: 'fewer than two finished runs of a side',
      });
      continue;
    }
    const steadiness: [string, Settlement][] = steadinessScores(judges).map((m) => {
      const [g, v] = [stabilitySpread(gan, m), stabilitySpread(other, m)];
      const squeezed = [g.mean, v.mean].some((mean) => nearBound(m, mean));
      const s: Settlement = squeezed
        ? {
            verdict: 'not measured here',
            difference: NaN,
            margin: NaN,
            basis: 'a mean sits at a bound of the score, which squeezes its spread',
          }
        : settleSpreads(g.sd, v.sd);
      return [`${METRIC_LABELS[m]}, sd across seeds GAN ${formatNumber(g.sd)} vs variant ${formatNumber(v.sd)}`, s];
    });
    const failures: [string, Settlement][] = [
      ['collapse', settleFailures(gan.filter(collapsed).length, other.filter(collapsed).length, 'runs collapsed')],
      [
        'divergence',
        settleFailures(
          runs.filter((r) => r.spec.variant === 'gan' && r.diverged).length,
          runs.filter((r) => r.spec.variant === variant && r.diverged).length,
          'runs diverged',
        ),
      ],
    ];
    const steadyParts = [...steadiness, ...failures];
    rows.push({
      id: `H12 ${variant} steadier`,
      gan: describe(gan, runs, 'gan'),
      variant: describe(other, runs, variant),
      verdict: combineVerdicts(steadyParts.map(([, s]) => s.verdict)),
      basis: steadyParts.map(([label, s]) => `${label}: ${s.verdict} (${s.basis})`).join('; '),
    });
    const judged = [...judges.quality, ...judges.variety];
    const better = judged.map(
      (m) => [m, settle(stabilitySpread(other, m), stabilitySpread(gan, m), BETTER[m])] as const,
    );
    rows.push({
      id: `H12 ${variant} better at equal compute`,
      gan: '(as above)',
      variant: '(as above)',
      verdict: combineVerdicts(better.map(([, s]) => s.verdict)),
      basis: better.map(([m, s]) => `${METRIC_LABELS[m]}: ${s.verdict} (${s.basis})`).join('; '),
    });
  }
  const steadier = rows.filter((r) => r.id.endsWith('steadier'));
  rows.push({
    id: 'H12',
    gan: '—',
    variant: '—',
    verdict: combineVerdicts(steadier.map((r) => r.verdict)),
    basis: `${H12.claim} Combined from the two "steadier" rows: ${steadier.map((r) => `${r.id.replace(' steadier', '')} ${r.verdict}`).join(', ')}`,
  });
  return rows;
}
