// The plan of the GAN-versus-VAE chapter, full and fast, and the results files it is written to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  COMPARISON_RESULTS_DIRECTORY,
  ComparisonResults,
  comparisonPlan,
  ExperimentName,
  loadComparisonResults,
  sameSpec,
  VAE_BASELINE_ID,
  writeComparisonResults,
} from '../src/comparison';
import { tempDir } from './support/temp';

const NAMES: ExperimentName[] = [
  'passes',
  'data-size',
  'learning-rate',
  'mode-collapse',
  'beta',
  'reconstruction',
  'likelihood',
];

for (const fast of [false, true]) {
  test(`${fast ? 'fast' : 'full'} plan: unique ids, every experiment, MLP models, each model's own settings`, () => {
    const plan = comparisonPlan(fast);
    assert.equal(new Set(plan.map((spec) => spec.id)).size, plan.length);
    assert.deepEqual([...new Set(plan.map((spec) => spec.experiment))].sort(), [...NAMES].sort());
    for (const spec of plan) {
      assert.ok(spec.id.startsWith(`${spec.experiment}/${spec.model}/`), spec.id);
      assert.equal(spec.architecture, 'mlp');
      const own = spec.model === 'gan' ? ['generatorSteps'] : ['klWeight', 'reconstruction', 'likelihood'];
      const other = spec.model === 'gan' ? ['klWeight', 'reconstruction', 'likelihood'] : ['generatorSteps'];
      assert.ok(own.every((key) => key in spec) && !other.some((key) => key in spec), spec.id);
    }
    // The baseline of the loss variants is trained once, under 'beta', with the variants' schedule.
    const baseline = plan.find((spec) => spec.id === VAE_BASELINE_ID);
    for (const id of ['reconstruction/vae/mean', 'likelihood/vae/gaussian']) {
      const variant = plan.find((spec) => spec.id === id)!;
      assert.deepEqual(
        { ...variant, id: '', experiment: '', reconstruction: 'sum', likelihood: 'bernoulli' },
        { ...baseline, id: '', experiment: '' },
        id,
      );
    }
    if (fast)
      assert.ok(
        plan.every((spec) => spec.trainingImages <= 256 && spec.numEpochs <= 2),
        'the fast plan is tiny',
      );
  });
}

test('the full plan: the runs the chapter describes', () => {
  const plan = comparisonPlan(false);
  const ids = (experiment: ExperimentName) =>
    plan.filter((spec) => spec.experiment === experiment).map((spec) => spec.id);
  assert.deepEqual(
    ids('passes'),
    ['gan', 'vae'].flatMap((m) => [1, 2, 3].map((s) => `passes/${m}/seed-${s}`)),
  );
  assert.equal(ids('learning-rate').length, 12);
  assert.ok(ids('learning-rate').includes('learning-rate/gan/lr-0.001-b1-0.5'));
  assert.deepEqual(ids('beta'), ['beta/vae/kl-0.25', 'beta/vae/kl-1', 'beta/vae/kl-4', 'beta/vae/kl-16']);
  assert.deepEqual(ids('mode-collapse'), ['mode-collapse/gan/g-steps-1', 'mode-collapse/gan/g-steps-5']);
  const passes = plan.find((spec) => spec.id === 'passes/gan/seed-1')!;
  assert.deepEqual(
    [passes.trainingImages, passes.batchSize, passes.numEpochs, passes.learningRate, passes.adamBeta1],
    [60_000, 64, 8, 2e-4, 0.5],
  );
  // Data size: both models, three sizes, five seeds each (H3 needs its own spread).
  assert.equal(ids('data-size').length, 30);
  assert.ok(ids('data-size').includes('data-size/vae/images-500-seed-5'));
  assert.deepEqual([...new Set(plan.filter((s) => s.experiment === 'data-size').map((s) => s.seed))], [1, 2, 3, 4, 5]);
  for (const spec of plan.filter((s) => s.experiment === 'data-size')) {
    const stepsPerEpoch = Math.ceil(spec.trainingImages / spec.batchSize);
    const steps = spec.numEpochs * stepsPerEpoch;
    assert.ok(steps >= 1_500 && steps < 1_500 + stepsPerEpoch, `${spec.id}: ${steps} steps`);
  }
});

test('loadComparisonResults: a missing folder names the command that makes the results', () => {
  const missing = path.join(os.tmpdir(), 'genlab-no-such-results');
  assert.throws(() => loadComparisonResults(missing), /npm run bench:compare -- --out=.*genlab-no-such-results/);
  assert.match(COMPARISON_RESULTS_DIRECTORY, /notebooks[/\\]results[/\\]gan-vs-vae$/);
});

test('results round-trip through their files, and a broken file is named', () => {
  const directory = tempDir('results');
  const results: ComparisonResults = {
    command: 'test',
    fast: true,
    backend: 'cpu',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    runs: [{ spec: comparisonPlan(true)[0], parameters: 3, epochs: [] }],
  };
  writeComparisonResults(path.join(directory, 'passes.json'), results);
  assert.deepEqual(fs.readdirSync(directory), ['passes.json'], 'no temporary file is left');
  assert.deepEqual(loadComparisonResults(directory), [results]);
  fs.writeFileSync(path.join(directory, 'beta.json'), '{"runs": [');
  assert.throws(() => loadComparisonResults(directory), /beta\.json is not readable JSON/);
});

test('a results file written before numEpochs, whose specs say `epochs`, reads as numEpochs, so its runs count as done', () => {
  const directory = tempDir('results');
  const spec = comparisonPlan(true)[0];
  const { numEpochs, ...rest } = spec;
  const oldForm = {
    command: 'old',
    fast: true,
    backend: 'cpu',
    startedAt: '',
    finishedAt: '',
    runs: [{ spec: { ...rest, epochs: numEpochs }, parameters: 3, epochs: [] }],
  };
  fs.writeFileSync(path.join(directory, 'passes.json'), JSON.stringify(oldForm));
  const [read] = loadComparisonResults(directory);
  assert.deepEqual(read.runs[0].spec, spec);
  assert.ok(sameSpec(read.runs[0].spec, spec), 'the plan finds the old run done');
});
