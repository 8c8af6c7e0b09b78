// The source articles' claims about GANs and VAEs (H1…H20, numbered in chapter 07's table of claims), each settled by the runs of notebook 07. Every
// verdict is computed from the numbers by the rules of verdicts.ts; a claim whose runs are missing is "not measured here".
// H19 is settled from the latent codes of a trained VAE (src/metrics/latent.ts), measured in the notebook, not from the
// results files.
import { formatNumber } from '../plots';
import type { AggregatePosterior, InterpolationConfidence } from '../metrics';
import { DEFAULT_JUDGES, Judges, steadinessScores } from './judges';
import { RunResult, RunSpec } from './results';
import { computeCost, forwardPassesPerStep } from './compute-cost';
import { BETTER, METRIC_LABELS, metricAt, MetricName, nearBound, runsOf } from './metric-readings';
import { collapsesLate, MODE_COLLAPSE } from './mode-collapse';
import { finalSpread, formatSpread, Spread, spread } from './spread';
import { oscillation } from './stability';
import { sharedTimeBudget, spreadWithinBudget } from './time-budget';
import {
  combineVerdicts,
  NEARLY_MONOTONE,
  settle,
  Settlement,
  settleSpreads,
  settleTrajectory,
  Verdict,
} from './verdicts';

export interface Claim {
  id: string;
  /** The claim in one sentence, in our words. */
  claim: string;
  /** Where the articles make it: article id and section. */
  source: string;
}

export interface ClaimRow extends Claim {
  /** What was measured for each model (— when the claim concerns one model only). */
  gan: string;
  vae: string;
  verdict: Verdict;
  /** How the verdict follows from the numbers. */
  basis: string;
}

export const CLAIMS: Record<string, Claim> = {
  H1: {
    id: 'H1',
    claim: 'GAN samples are more realistic than VAE samples.',
    source: '000 §5.4, §9.4; 003 §3.3, §4.3; 001-ext §9.5',
  },
  H2: {
    id: 'H2',
    claim: 'VAE samples are more varied than GAN samples.',
    source: '000 §5.4, §9.4; 003 §3.2.3, §4.3; 001-ext l.853, l.991',
  },
  H3: {
    id: 'H3',
    claim: 'VAE samples lack variety, the more so when training data are scarce.',
    source: '001 §3.3.2 (l.76–79); 001-ext l.859, l.997',
  },
  H4: {
    id: 'H4',
    claim: 'GAN training is unstable: results swing with the seed and the settings.',
    source: '001 §3.3.1, §10.4; 002 §3.3; 003 §3.1.4, §3.3; 001-ext §9.5',
  },
  H5: {
    id: 'H5',
    claim: 'A GAN can collapse onto a few kinds of digit (mode collapse).',
    source: '002 §3.3; 003 §3.1.4',
  },
  H6: { id: 'H6', claim: 'VAE training is steady and does not collapse.', source: '003 §3.2.3; 001-ext l.852, l.990' },
  H8: {
    id: 'H8',
    claim: 'A VAE is cheaper to train than a GAN (003 §3.3 instead rates both as costly).',
    source: '001-ext l.854, l.992; 003 §3.3',
  },
  H9: {
    id: 'H9',
    claim: 'The KL weight β trades reconstruction against closeness to the prior.',
    source: '002 §4.1.2, §4.2.3; 003 §4.2.2',
  },
  H10: {
    id: 'H10',
    claim: 'Averaging the reconstruction over pixels, as 000’s listing does, leaves the latent code unused.',
    source: 'derived from 000 §5.2.2 (listing L3)',
  },
  H11: {
    id: 'H11',
    claim: 'Squared error and cross-entropy are interchangeable reconstruction losses (“usually MSE”).',
    source: '002 §3.1.2, §4.2.3; 003 §4.2.1 (squared error); 000 §5.2.2 (cross-entropy)',
  },
  H13: {
    id: 'H13',
    claim: 'GAN samples get better step by step as training goes on.',
    source: '001 §5.4; 001-ext l.1329',
  },
  H19: {
    id: 'H19',
    claim: 'The VAE’s latent space keeps the structure of the data (smooth, close to the prior).',
    source: '000 §2.3–2.4',
  },
};

type Reader = (runs: RunResult[], metric: MetricName) => Spread;

/** What H19 is settled from: one trained VAE's latent codes of test digits, and paths between pairs of them. */
export interface LatentEvidence {
  /** Which VAE, and on what, in a few words (e.g. 'conv VAE of notebook 06, 20 epochs'). */
  model: string;
  posterior: Pick<AggregatePosterior, 'images' | 'latentDim' | 'means' | 'aggregate' | 'samplingFloor'>;
  /** Decoded straight paths between the codes (posterior means) of test digits of different classes. */
  interpolation: Pick<
    InterpolationConfidence,
    't' | 'stepMeans' | 'stepStandardErrors' | 'pathMinima' | 'lowestStepMean'
  >;
  /** For comparison only: the lowest step mean of a pixel cross-fade between the same digits. */
  pixelBlendLowestStepMean?: number;
}

/**
 * H19's rule. The latent space counts as close to the prior and smooth when both hold:
 *
 * - `klPerDimension`: the Gaussian with the aggregate posterior's mean and covariance (Cov μ + E σ², see latent.ts) is
 *   within 0.05 nats per latent dimension of N(0, I). In one dimension ½(s − 1 − ln s) = 0.05 at a variance s of 0.62
 *   or 1.52 (a standard deviation about 20 % off), and ½m² = 0.05 at a mean offset m of 0.32 sd: prior samples then
 *   land in the region the decoder was trained on, give or take a third of a standard deviation. Nothing ties a plain
 *   autoencoder's codes to the prior's scale: codes of variance 10 would give 3.35 nats per dimension. The sampling
 *   floor of 1,000 exactly normal 20-D codes is 0.006 nats per dimension.
 * - `confidence`: at every step of the paths, the evaluator's mean top probability is at least 0.8. For scale: real
 *   test digits score about 0.99, the MLP VAE's and GAN's prior samples of the saved results about 0.83 and 0.79, and
 *   a guess 0.1; a blend the evaluator splits between the two end digits would score about 0.5. So 0.8 asks that every
 *   point on the way be as legible as a typical sample the models draw. The evaluator is lenient with superimposed
 *   digits (the pixel cross-fade the notebook shows for comparison scores high too), so this half of the rule can
 *   refute the claim more surely than it can confirm it.
 *
 * Both are read with their uncertainty, as the other claims are. The confidence at a step is a mean over a few pairs:
 * it counts as above (below) the level only when it is more than one standard error above (below) it; a step within
 * one standard error of the level leaves the claim not settled, unless the KL half already refutes it. And when the
 * sampling floor alone is at least half the KL threshold, there are too few codes to tell: not settled.
 */
export const LATENT_RULE = { klPerDimension: 0.05, confidence: 0.8 } as const;

/**
 * The table: one row per claim, in the order of the chapter. `runs` is every run of every results file; `latent`, when
 * given, settles H19 (without it the row says "not measured here"); `judges` are the scores that judge quality and
 * variety (judgingScores of the controls; by default what they select with the full-settings evaluator).
 */
export function claimsTable(runs: RunResult[], latent?: LatentEvidence, judges: Judges = DEFAULT_JUDGES): ClaimRow[] {
  const { quality, variety } = judges;
  const gan = runsOf(runs, 'passes', 'gan');
  const vae = runsOf(runs, 'passes', 'vae');
  const budget = gan.length && vae.length ? sharedTimeBudget([gan, vae]) : NaN;
  const atBudget: Reader = (r, m) => spreadWithinBudget(r, budget, m);
  const timeNote = (r: RunResult[]) =>
    `epochs reached in ${formatNumber(budget)} s: ${spreadWithinBudget(r, budget, 'precision')
      .epochs.map((e) => e ?? 'none')
      .join(', ')}`;
  return [
    modelComparison(CLAIMS.H1, gan, vae, 'gan', quality, finalSpread, 'equal passes: final epoch of the passes runs'),
    modelComparison(
      { ...CLAIMS.H1, id: 'H1 (equal time)' },
      gan,
      vae,
      'gan',
      quality,
      atBudget,
      'equal wall-clock time',
      timeNote,
    ),
    modelComparison(CLAIMS.H2, gan, vae, 'vae', variety, finalSpread, 'equal passes: final epoch of the passes runs'),
    modelComparison(
      { ...CLAIMS.H2, id: 'H2 (equal time)' },
      gan,
      vae,
      'vae',
      variety,
      atBudget,
      'equal wall-clock time',
      timeNote,
    ),
    dataSizeClaim(runs, gan, vae, variety),
    instabilityClaim(runs, gan, vae, steadinessScores(judges)),
    modeCollapseClaim(runs, vae),
    vaeSteadinessClaim(gan, vae),
    computeClaim(gan, vae),
    betaClaim(runs, vae),
    variantClaim(CLAIMS.H10, runs, vae, (s) => s.reconstruction === 'mean', ['activeUnits', 'kl'], 'sum'),
    variantClaim(
      CLAIMS.H11,
      runs,
      vae,
      (s) => s.likelihood === 'gaussian',
      ['activeUnits', 'kl', ...new Set([...quality, ...variety])],
      'same',
    ),
    improvementClaim(gan, vae, quality),
    latent
      ? latentClaim(latent)
      : notMeasured(CLAIMS.H19, 'no trained VAE was given: the results files hold no latent codes'),
  ];
}

function latentClaim({ model, posterior, interpolation, pixelBlendLowestStepMean }: LatentEvidence): ClaimRow {
  const { aggregate, means } = posterior;
  const floor = posterior.samplingFloor / posterior.latentDim;
  const tooFewCodes = floor >= LATENT_RULE.klPerDimension / 2;
  const closeToPrior = aggregate.klPerDimension < LATENT_RULE.klPerDimension;
  const { stepMeans, stepStandardErrors } = interpolation;
  const illegible = stepMeans.some((c, s) => c < LATENT_RULE.confidence - stepStandardErrors[s]);
  const legible = stepMeans.every((c, s) => c > LATENT_RULE.confidence + stepStandardErrors[s]);
  const verdict: Verdict = illegible
    ? 'does not hold'
    : tooFewCodes
      ? 'not settled at this budget'
      : !closeToPrior
        ? 'does not hold'
        : legible
          ? 'holds'
          : 'not settled at this budget';
  const lowest = stepMeans.indexOf(interpolation.lowestStepMean);
  const confidenceReading = illegible ? 'below' : legible ? 'above' : 'within one standard error of';
  const steps = interpolation.t.length;
  const lowestAt = interpolation.t[lowest];
  return {
    ...CLAIMS.H19,
    gan: '—',
    vae:
      `${model}; ${posterior.images} test digits, ${posterior.latentDim} latent dimensions: aggregate posterior ` +
      `KL ${formatNumber(aggregate.kl)} nats (${formatNumber(aggregate.klPerDimension)} per dimension; sampling floor ` +
      `${formatNumber(floor)}), largest |correlation| ${formatNumber(aggregate.largestCorrelation)}; means alone: KL ` +
      `${formatNumber(means.kl)}, covariance eigenvalues ${formatNumber(means.eigenvalues[means.eigenvalues.length - 1])} to ` +
      `${formatNumber(means.eigenvalues[0])}. ${interpolation.pathMinima.length} paths × ${steps} steps: mean confidence ` +
      `${stepMeans.map((c) => formatNumber(c, 2)).join(', ')} (lowest ${formatNumber(interpolation.lowestStepMean)} ± ` +
      `${formatNumber(stepStandardErrors[lowest], 2)} at t = ${formatNumber(lowestAt)}), lowest single point ${formatNumber(Math.min(...interpolation.pathMinima))}` +
      (pixelBlendLowestStepMean === undefined
        ? ''
        : `; pixel cross-fade of the same digits: lowest ${formatNumber(pixelBlendLowestStepMean)}`),
    verdict,
    basis:
      `holds when the aggregate posterior (mean of μ, covariance Cov μ + E σ²) is within ${LATENT_RULE.klPerDimension} ` +
      `nats per dimension of N(0, I) and the paths' mean confidence is above ${LATENT_RULE.confidence} at every step by more ` +
      `than its standard error over the pairs; fails when either is clearly not so; otherwise, or when the sampling floor ` +
      `reaches half the KL threshold, not settled. KL per dimension ${formatNumber(aggregate.klPerDimension)} ` +
      `(${closeToPrior ? 'below' : 'not below'} ${LATENT_RULE.klPerDimension}${tooFewCodes ? `; floor ${formatNumber(floor)}: too few codes` : ''}); ` +
      `lowest step mean ${formatNumber(interpolation.lowestStepMean)} ± ${formatNumber(stepStandardErrors[lowest], 2)} ` +
      `(${confidenceReading} ${LATENT_RULE.confidence})`,
  };
}

function notMeasured(claim: Claim, why: string): ClaimRow {
  return { ...claim, gan: '—', vae: '—', verdict: 'not measured here', basis: why };
}

function describe(runs: RunResult[], metrics: MetricName[], read: Reader): string {
  // A single run's value already says "(1 run)".
  return (
    metrics.map((m) => `${METRIC_LABELS[m]} ${formatSpread(read(runs, m))}`).join('; ') +
    (runs.length > 1 ? ` (${runs.length} runs)` : '')
  );
}

function basisOf(metrics: MetricName[], settlements: Settlement[]): string {
  return metrics.map((m, i) => `${METRIC_LABELS[m]}: ${settlements[i].verdict} (${settlements[i].basis})`).join('; ');
}

/** "`claimed` model beats the other on these metrics", read by `read` (final epoch, or within a time budget). */
function modelComparison(
  claim: Claim,
  gan: RunResult[],
  vae: RunResult[],
  claimed: RunSpec['model'],
  metrics: MetricName[],
  read: Reader,
  budget: string,
  note?: (runs: RunResult[]) => string,
): ClaimRow {
  if (!gan.length || !vae.length) return notMeasured(claim, 'no GAN or no VAE runs in the passes experiment');
  const [winner, loser] = claimed === 'gan' ? [gan, vae] : [vae, gan];
  const settlements = metrics.map((m) => settle(read(winner, m), read(loser, m), BETTER[m]));
  const cell = (r: RunResult[]) => describe(r, metrics, read) + (note ? `; ${note(r)}` : '');
  return {
    ...claim,
    gan: cell(gan),
    vae: cell(vae),
    verdict: combineVerdicts(settlements.map((s) => s.verdict)),
    basis: `${budget}. ${basisOf(metrics, settlements)}`,
  };
}

/** Single runs per setting borrow the spread of the passes runs' seeds for the same model and metric. */
const seedSd = (passes: RunResult[], metric: MetricName) => (passes.length ? finalSpread(passes, metric).sd : NaN);

/**
 * H3 claims two things, and holds only when both do: (a) the VAE's samples are less varied than the GAN's (the
 * opposite of H2, read at equal passes), and (b) they lose variety when the training set shrinks (the data-size runs,
 * equal steps, the smallest set against the largest, each size with its own seeds).
 */
function dataSizeClaim(
  runs: RunResult[],
  ganPasses: RunResult[],
  vaePasses: RunResult[],
  variety: MetricName[],
): ClaimRow {
  const bySize = (model: RunSpec['model']) => {
    const r = runsOf(runs, 'data-size', model);
    const sizes = [...new Set(r.map((x) => x.spec.trainingImages))].sort((a, b) => a - b);
    return { sizes, at: (size: number) => r.filter((x) => x.spec.trainingImages === size) };
  };
  const vae = bySize('vae');
  if (vae.sizes.length < 2) return notMeasured(CLAIMS.H3, 'fewer than two training-set sizes of the VAE');
  const [smallest, largest] = [vae.sizes[0], vae.sizes[vae.sizes.length - 1]];
  const lessVaried = (m: MetricName) => (BETTER[m] === 'higher' ? 'lower' : 'higher');
  const versusGan =
    ganPasses.length && vaePasses.length
      ? variety.map((m) => settle(finalSpread(vaePasses, m), finalSpread(ganPasses, m), lessVaried(m)))
      : [];
  const withData = variety.map((m) =>
    settle(finalSpread(vae.at(smallest), m), finalSpread(vae.at(largest), m), lessVaried(m), seedSd(vaePasses, m)),
  );
  const parts: Verdict[] = [
    versusGan.length ? combineVerdicts(versusGan.map((s) => s.verdict)) : 'not measured here',
    combineVerdicts(withData.map((s) => s.verdict)),
  ];
  const verdict: Verdict = parts.includes('does not hold')
    ? 'does not hold'
    : parts.every((p) => p === 'holds')
      ? 'holds'
      : 'not settled at this budget';
  const seeds = (n: number) => vae.at(n).length;
  const single = seeds(smallest) < 2 || seeds(largest) < 2;
  const cell = (model: RunSpec['model']) => {
    const g = bySize(model);
    if (!g.sizes.length) return '—';
    return variety
      .map(
        (m) => `${METRIC_LABELS[m]} ` + g.sizes.map((n) => `${n}: ${formatSpread(finalSpread(g.at(n), m))}`).join(', '),
      )
      .join('; ');
  };
  return {
    ...CLAIMS.H3,
    gan: cell('gan'),
    vae: cell('vae'),
    verdict,
    basis:
      `holds when both parts hold, fails when either fails. (a) VAE less varied than the GAN at equal passes: ${parts[0]}` +
      (versusGan.length ? ` (${basisOf(variety, versusGan)})` : ' (no passes runs)') +
      `. (b) VAE with ${smallest} versus ${largest} training images, equal steps, ${seeds(smallest)} and ${seeds(largest)} ` +
      `seeds${single ? ", a single run borrowing the passes runs' seed spread" : ''}: ${parts[1]} (${basisOf(variety, withData)})`,
  };
}

function instabilityClaim(runs: RunResult[], gan: RunResult[], vae: RunResult[], steadiness: MetricName[]): ClaimRow {
  const grid = (model: RunSpec['model']) => runsOf(runs, 'learning-rate', model);
  const sources = [
    { name: 'across seeds', gan: gan, vae: vae },
    { name: 'across the lr × β₁ grid', gan: grid('gan'), vae: grid('vae') },
  ].filter((s) => s.gan.length > 1 && s.vae.length > 1);
  if (!sources.length) return notMeasured(CLAIMS.H4, 'no experiment with several runs of both models');
  const compare = (s: (typeof sources)[number], m: MetricName): Settlement => {
    const [g, v] = [finalSpread(s.gan, m), finalSpread(s.vae, m)];
    const squeezed = (
      [
        ['GAN', g.mean],
        ['VAE', v.mean],
      ] as const
    ).flatMap(([name, mean]) => {
      const bound = nearBound(m, mean);
      return bound ? [`${name} mean ${formatNumber(mean)} at the ${bound}`] : [];
    });
    if (squeezed.length === 0) return settleSpreads(g.sd, v.sd);
    return {
      verdict: 'not measured here',
      difference: NaN,
      margin: NaN,
      basis: `${squeezed.join(', ')}: a spread there is squeezed by the bound, so not compared`,
    };
  };
  const settlements = sources.flatMap((s) => steadiness.map((m) => compare(s, m)));
  const cell = (model: RunSpec['model']) => {
    const diverged = runs.filter((r) => r.spec.model === model && r.diverged).length;
    return (
      sources
        .map(
          (s) =>
            `sd ${s.name}: ` +
            steadiness.map((m) => `${METRIC_LABELS[m]} ${formatNumber(finalSpread(s[model], m).sd)}`).join(', '),
        )
        .join('; ') + `; diverged runs: ${diverged} of ${runs.filter((r) => r.spec.model === model).length}`
    );
  };
  const basis = sources
    .flatMap((s) => steadiness.map((m) => `${s.name}, ${METRIC_LABELS[m]}`))
    .map((label, i) => `${label}: ${settlements[i].verdict} (${settlements[i].basis})`)
    .join('; ');
  return {
    ...CLAIMS.H4,
    gan: cell('gan'),
    vae: cell('vae'),
    verdict: combineVerdicts(settlements.map((s) => s.verdict)),
    basis,
  };
}

function modeCollapseClaim(runs: RunResult[], vaePasses: RunResult[]): ClaimRow {
  const gans = runs.filter((r) => r.spec.model === 'gan' && r.epochs.length > 0);
  if (!gans.length) return notMeasured(CLAIMS.H5, 'no GAN runs');
  const collapsed = gans.filter(collapsesLate);
  const list = (r: RunResult[]) => (r.length ? ` (${r.map((x) => x.spec.id).join(', ')})` : '');
  return {
    ...CLAIMS.H5,
    gan: `${collapsed.length} of ${gans.length} GAN runs collapsed in their later epochs${list(collapsed)}`,
    vae: `${vaePasses.filter(collapsesLate).length} of ${vaePasses.length} VAE passes runs`,
    verdict: collapsed.length > 0 ? 'holds' : 'does not hold',
    basis:
      `collapsed = one class above ${MODE_COLLAPSE.largestShare * 100} % of the samples or class entropy below ` +
      `${MODE_COLLAPSE.entropy} nats, in the second half of a run's epochs; the claim holds if any GAN run collapses`,
  };
}

function vaeSteadinessClaim(gan: RunResult[], vae: RunResult[]): ClaimRow {
  if (!vae.length) return notMeasured(CLAIMS.H6, 'no VAE passes runs');
  const changes = vae.map((r) => oscillation(r, 'negativeElbo'));
  const total = changes.reduce((a, o) => a + o.changes, 0);
  const worsening = changes.reduce((a, o) => a + o.worseningShare * o.changes, 0) / total;
  const collapsed = vae.filter(collapsesLate).length;
  const entropyWorsening = (r: RunResult[]) =>
    formatNumber(spread(r.map((x) => oscillation(x, 'classEntropy').worseningShare)).mean);
  const verdict: Verdict =
    total === 0
      ? 'not settled at this budget'
      : worsening <= NEARLY_MONOTONE && collapsed === 0
        ? 'holds'
        : 'does not hold';
  return {
    ...CLAIMS.H6,
    gan: gan.length
      ? `${gan.filter(collapsesLate).length} of ${gan.length} runs collapsed; class entropy fell after ${entropyWorsening(gan)} of epochs`
      : '—',
    vae:
      (total
        ? `test −ELBO rose after ${formatNumber(worsening)} of ${total} epoch-to-epoch changes`
        : 'one epoch per run: no change to judge') +
      `; ${collapsed} of ${vae.length} runs collapsed; ` +
      `class entropy fell after ${entropyWorsening(vae)} of epochs`,
    verdict,
    basis: `holds when the test −ELBO rises after at most ${NEARLY_MONOTONE} of the epochs (nearly monotone) and no VAE run collapses (H5's rule)`,
  };
}

function computeClaim(gan: RunResult[], vae: RunResult[]): ClaimRow {
  if (!gan.length || !vae.length) return notMeasured(CLAIMS.H8, 'no GAN or no VAE runs in the passes experiment');
  const seconds = (r: RunResult[]) => spread(r.map((x) => computeCost(x).secondsPerStep));
  const cell = (r: RunResult[]) => {
    const passes = Object.entries(forwardPassesPerStep(r[0].spec))
      .map(([net, n]) => `${net} ×${n}`)
      .join(', ');
    return `${formatSpread(seconds(r))} s per step; ${r[0].parameters.toLocaleString('en-US')} parameters; forward passes per step: ${passes}`;
  };
  const s = settle(seconds(gan), seconds(vae), 'higher');
  return {
    ...CLAIMS.H8,
    gan: cell(gan),
    vae: cell(vae),
    verdict: s.verdict,
    basis: `seconds per training step, GAN minus VAE: ${s.basis}`,
  };
}

function betaClaim(runs: RunResult[], vaePasses: RunResult[]): ClaimRow {
  const beta = runsOf(runs, 'beta', 'vae');
  const weights = [...new Set(beta.map((r) => r.spec.klWeight ?? 1))].sort((a, b) => a - b);
  if (weights.length < 2) return notMeasured(CLAIMS.H9, 'fewer than two KL weights');
  const at = (w: number) => beta.filter((r) => (r.spec.klWeight ?? 1) === w);
  const [low, high] = [weights[0], weights[weights.length - 1]];
  // Claimed: the larger β reconstructs worse (higher) and sits closer to the prior (lower KL).
  const claimed: [MetricName, 'higher' | 'lower'][] = [
    ['reconstruction', 'higher'],
    ['kl', 'lower'],
  ];
  const settlements = claimed.map(([m, direction]) =>
    settle(finalSpread(at(high), m), finalSpread(at(low), m), direction, seedSd(vaePasses, m)),
  );
  const shown: MetricName[] = ['reconstruction', 'kl', 'activeUnits', 'relativeSharpness', 'classEntropy'];
  return {
    ...CLAIMS.H9,
    gan: '—',
    vae: shown
      .map(
        (m) => `${METRIC_LABELS[m]} ` + weights.map((w) => `β ${w}: ${formatSpread(finalSpread(at(w), m))}`).join(', '),
      )
      .join('; '),
    verdict: combineVerdicts(settlements.map((s) => s.verdict)),
    basis: `β ${high} versus β ${low} (single runs use the passes runs' seed spread). ${basisOf(
      claimed.map(([m]) => m),
      settlements,
    )}`,
  };
}

/** A VAE run's baseline: a run of the usual loss (sum, Bernoulli, β = 1) with otherwise the same schedule. */
function isBaselineFor(candidate: RunSpec, variant: RunSpec): boolean {
  return (
    candidate.model === 'vae' &&
    (candidate.reconstruction ?? 'sum') === 'sum' &&
    (candidate.likelihood ?? 'bernoulli') === 'bernoulli' &&
    (candidate.klWeight ?? 1) === 1 &&
    candidate.numEpochs === variant.numEpochs &&
    candidate.trainingImages === variant.trainingImages &&
    candidate.learningRate === variant.learningRate &&
    candidate.adamBeta1 === variant.adamBeta1 &&
    candidate.batchSize === variant.batchSize
  );
}

/**
 * A VAE loss variant against the usual loss. `claimed` says what the claim expects: 'sum' = the baseline beats the
 * variant (H10: more active units, higher KL), 'same' = the two are interchangeable, so any difference beyond the
 * spread refutes it (H11), and all within the spread confirms it.
 */
function variantClaim(
  claim: Claim,
  runs: RunResult[],
  vaePasses: RunResult[],
  isVariant: (s: RunSpec) => boolean,
  metrics: MetricName[],
  claimed: 'sum' | 'same',
): ClaimRow {
  const variant = runs.filter((r) => r.epochs.length > 0 && r.spec.model === 'vae' && isVariant(r.spec));
  if (!variant.length) return notMeasured(claim, 'no run of the variant');
  const baseline = runs.filter(
    (r) => r.epochs.length > 0 && !variant.includes(r) && isBaselineFor(r.spec, variant[0].spec),
  );
  if (!baseline.length) return notMeasured(claim, `no baseline VAE run with ${variant[0].spec.numEpochs} epochs`);
  const settlements = metrics.map((m) =>
    settle(finalSpread(baseline, m), finalSpread(variant, m), 'higher', seedSd(vaePasses, m)),
  );
  const differs = settlements.some((s) => s.verdict === 'holds' || s.verdict === 'does not hold');
  const verdict: Verdict =
    claimed === 'sum'
      ? combineVerdicts(settlements.map((s) => s.verdict))
      : differs
        ? 'does not hold'
        : settlements.every((s) => Number.isFinite(s.margin))
          ? 'holds'
          : 'not settled at this budget';
  const basisText =
    claimed === 'sum'
      ? 'claimed: the usual loss keeps more units active and a larger KL than the variant'
      : 'claimed: no difference; a difference beyond the spread refutes it';
  return {
    ...claim,
    gan: '—',
    vae: `variant ${describe(variant, metrics, finalSpread)} | usual loss ${describe(baseline, metrics, finalSpread)}`,
    verdict,
    basis: `${basisText} (single runs use the passes runs' seed spread). ${basisOf(metrics, settlements)}`,
  };
}

/** H13 "step by step": the whole trajectory of each quality score, not only its two ends (settleTrajectory). */
function improvementClaim(gan: RunResult[], vae: RunResult[], quality: MetricName[]): ClaimRow {
  if (!gan.length || gan.every((r) => r.epochs.length < 2))
    return notMeasured(CLAIMS.H13, 'no GAN passes run with two epochs or more');
  const path = (r: RunResult[], m: MetricName) =>
    r[0].epochs
      .map((_, e) => formatNumber(spread(r.flatMap((x) => (x.epochs[e] ? [metricAt(x.epochs[e], m)] : []))).mean))
      .join(' → ');
  const cell = (r: RunResult[]) =>
    r.length ? quality.map((m) => `${METRIC_LABELS[m]} ${path(r, m)}`).join('; ') : '—';
  const settlements = quality.map((m) => settleTrajectory(gan, m));
  return {
    ...CLAIMS.H13,
    gan: cell(gan),
    vae: cell(vae),
    verdict: combineVerdicts(settlements.map((s) => s.verdict)),
    basis:
      `GAN passes runs, each quality score's mean over the seeds after every epoch. A score improves step by step ` +
      `when its final epoch beats its first beyond the spread and it gets worse after at most ${NEARLY_MONOTONE} of the ` +
      `epoch-to-epoch changes; it does not when the final epoch is worse or half the changes are. ${basisOf(quality, settlements)}`,
  };
}
