import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_LABELS, ControlScores } from '../src/comparison/controls';
import { groupRows, metricRows, runRows } from '../src/comparison/tables';
import { baseScores, run } from './support/comparison-runs';

const controls: ControlScores = {
  real: { ...baseScores, density: 1.02, coverage: 0.97, memorisationRatio: 0 },
  blurred: { ...baseScores, density: 0.4, coverage: 0.2, memorisationRatio: 0.3 },
  oneClass: { ...baseScores, density: 0.9, coverage: 0.11 },
  averaged: { ...baseScores, density: 0, coverage: 0 },
};
const gan = [0.5, 0.7].map((density, i) =>
  run({ id: `g${i}`, experiment: 'passes', model: 'gan', seed: i + 1 }, [{ density: 0.1 }, { density }]),
);
const vae = [run({ id: 'v', experiment: 'passes', model: 'vae' }, [{ density: 0.8, vae: { kl: 25 } }])];

test('metricRows: a row per score, mean ± sd of each group at the final epoch, and the real and blurred digits beside', () => {
  const rows = metricRows(
    ['density', 'kl', 'memorisationRatio'],
    [
      { name: 'GAN', runs: gan },
      { name: 'VAE', runs: vae },
    ],
    controls,
  );
  assert.deepEqual(rows[0], {
    score: 'density',
    GAN: '0.6 ± 0.141',
    VAE: '0.8 (1 run)',
    [CONTROL_LABELS.real]: '1.02',
    [CONTROL_LABELS.blurred]: '0.4',
  });
  // Controls have no VAE test scores; the real and blurred digits are the training digits memorisation compares with.
  assert.deepEqual([rows[1].GAN, rows[1].VAE, rows[1][CONTROL_LABELS.real]], ['—', '25 (1 run)', '—']);
  assert.equal(rows[2][CONTROL_LABELS.blurred], '—');
  assert.deepEqual(Object.keys(metricRows(['density'], [{ name: 'GAN', runs: gan }])[0]), ['score', 'GAN']);
});

test('groupRows and runRows: groups or runs as rows, controls underneath, any of the four', () => {
  const groups = groupRows(['coverage'], [{ name: 'GAN', runs: gan }], controls, ['oneClass', 'averaged']);
  assert.deepEqual(groups, [
    { runs: 'GAN', coverage: '0.5 ± 0' },
    { runs: CONTROL_LABELS.oneClass, coverage: '0.11' },
    { runs: CONTROL_LABELS.averaged, coverage: '0' },
  ]);
  assert.deepEqual(
    runRows(['density'], gan, (r) => r.spec.id, controls),
    [
      { run: 'g0', density: '0.5' },
      { run: 'g1', density: '0.7' },
      { run: CONTROL_LABELS.real, density: '1.02' },
      { run: CONTROL_LABELS.blurred, density: '0.4' },
    ],
  );
  assert.deepEqual(
    runRows(['kl'], [...gan, ...vae], (r) => r.spec.id).map((row) => row['test KL (nats)']),
    ['—', '—', '25'],
  );
});
