import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collapsed,
  SampleScores,
  StabilityRun,
  stabilityPlan,
  stabilitySpread,
  stabilityTable,
  StabilityVariant,
} from '../src/comparison';

/** A run whose last mark has these scores; earlier marks repeat them unless `early` is given. */
function run(
  variant: StabilityVariant,
  seed: number,
  scores: Partial<SampleScores>,
  early?: Partial<SampleScores>,
): StabilityRun {
  const base: SampleScores = {
    samples: 1000,
    classEntropy: 2.2,
    classesCovered: 10,
    classShares: Array(10).fill(0.1),
    meanConfidence: 0.8,
    precision: 0.5,
    recall: 0.5,
    density: 0.8,
    coverage: 0.7,
    frechet: 50,
    relativeSharpness: 1,
    memorisationRatio: 1,
  };
  const mark = (i: number, s: Partial<SampleScores>) => ({
    mark: i,
    steps: 10 * i,
    cpuSeconds: i,
    wallSeconds: i,
    losses: {},
    scores: { ...base, ...s },
  });
  return {
    spec: { id: `${variant}/seed-${seed}`, variant, seed, cpuSeconds: 2, marks: 2, trainingImages: 100, batchSize: 10 },
    parameters: 1,
    marks: [mark(1, early ?? scores), mark(2, scores)],
  };
}

test('the plan crosses every variant with every seed, with one budget', () => {
  const plan = stabilityPlan([1, 2], { cpuSeconds: 60, marks: 4, trainingImages: 60000, batchSize: 64 });
  assert.deepEqual(
    plan.map((s) => s.id),
    ['gan/seed-1', 'gan/seed-2', 'wgan-gp/seed-1', 'wgan-gp/seed-2', 'sngan/seed-1', 'sngan/seed-2'],
  );
  assert.ok(plan.every((s) => s.cpuSeconds === 60 && s.marks === 4));
});

test('the spread is read at the last mark, and a collapse in the second half counts', () => {
  const runs = [run('gan', 1, { meanConfidence: 0.6 }), run('gan', 2, { meanConfidence: 0.8 })];
  const s = stabilitySpread(runs, 'meanConfidence');
  assert.ok(Math.abs(s.mean - 0.7) < 1e-12 && Math.abs(s.sd - Math.SQRT2 * 0.1) < 1e-12);
  assert.equal(collapsed(run('gan', 1, { classEntropy: 1.2 })), true);
  assert.equal(collapsed(run('gan', 1, { classShares: [0.5, ...Array(9).fill(0.5 / 9)] })), true);
  assert.equal(collapsed(run('gan', 1, {}, { classEntropy: 0.5 })), false); // only the first of two marks
});

test('a variant whose spread is under half the GAN’s, and that collapses less, is steadier: H12 holds', () => {
  const runs = [
    run('gan', 1, { meanConfidence: 0.5, classEntropy: 1.4 }),
    run('gan', 2, { meanConfidence: 0.8, classEntropy: 2.1 }),
    run('wgan-gp', 1, { meanConfidence: 0.7, classEntropy: 2.0 }),
    run('wgan-gp', 2, { meanConfidence: 0.72, classEntropy: 2.05 }),
    run('sngan', 1, { meanConfidence: 0.7, classEntropy: 2.0 }),
    run('sngan', 2, { meanConfidence: 0.71, classEntropy: 2.04 }),
  ];
  const rows = stabilityTable(runs);
  assert.deepEqual(
    rows.map((r) => r.id),
    [
      'H12 wgan-gp steadier',
      'H12 wgan-gp better at equal compute',
      'H12 sngan steadier',
      'H12 sngan better at equal compute',
      'H12',
    ],
  );
  assert.equal(rows[0].verdict, 'holds');
  assert.match(rows[0].basis, /collapse: holds \(runs collapsed: GAN 1, variant 0\)/);
  assert.equal(rows[4].verdict, 'holds');
});

test('a variant that varies as much as the GAN leaves H12 unsettled; one that varies twice as much refutes it', () => {
  const gan = [
    run('gan', 1, { meanConfidence: 0.7, classEntropy: 2.0 }),
    run('gan', 2, { meanConfidence: 0.75, classEntropy: 2.1 }),
  ];
  const similar = [
    run('wgan-gp', 1, { meanConfidence: 0.6, classEntropy: 1.9 }),
    run('wgan-gp', 2, { meanConfidence: 0.65, classEntropy: 2.0 }),
  ];
  const wilder = [
    run('sngan', 1, { meanConfidence: 0.5, classEntropy: 1.6 }),
    run('sngan', 2, { meanConfidence: 0.7, classEntropy: 2.0 }),
  ];
  const rows = stabilityTable([...gan, ...similar, ...wilder]);
  assert.equal(rows[0].verdict, 'not settled at this budget');
  assert.equal(rows[1].verdict, 'does not hold'); // confidence 0.625 vs 0.725 beyond the spreads
  assert.equal(rows[2].verdict, 'does not hold');
  assert.equal(rows[4].verdict, 'does not hold');
});

test('with fewer than two finished runs a side is not measured', () => {
  const rows = stabilityTable([run('gan', 1, {}), run('gan', 2, {}), run('wgan-gp', 1, {})]);
  assert.equal(rows[0].verdict, 'not measured here');
  assert.match(rows[0].basis, /fewer than two finished runs/);
});
