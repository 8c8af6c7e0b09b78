// One comparison run and a plan of them, tiny: the result has the schema's shape with finite numbers, no tensor or
// temporary folder is left behind, a NaN ends a run without throwing, and runPlan skips finished runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import {
  ComparisonContext,
  comparisonContext,
  comparisonPlan,
  disposeScoringReference,
  RunResult,
  RunSpec,
  runComparison,
  runPlan,
} from '../src/comparison';
import { loadMnist } from '../src/data';
import { buildClassifier } from '../src/models';

const SAMPLES = 300; // the least above the evaluator's 256 features, as the Fréchet distance needs
let context: ComparisonContext;

before(async () => {
  await selectBackend({ quiet: true });
  context = comparisonContext(await loadMnist(), buildClassifier(1), 'test backend', SAMPLES);
});

after(() => {
  disposeScoringReference(context.reference);
  context.evaluator.dispose();
});

/** A plan run shrunk to 128 images and one epoch. */
function tiny(id: string, changes: Partial<RunSpec> = {}): RunSpec {
  const spec = comparisonPlan(false).find((s) => s.id === id);
  assert.ok(spec, `the plan has no run ${id}`);
  return { ...spec, trainingImages: 128, numEpochs: 1, ...changes };
}

const temporaryFolders = () =>
  fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('genlab-comparison-'))
    .sort();

const SCORE_KEYS = [
  'samples',
  'classEntropy',
  'classesCovered',
  'classShares',
  'meanConfidence',
  'precision',
  'recall',
  'density',
  'coverage',
  'frechet',
  'relativeSharpness',
  'memorisationRatio',
];

for (const [id, parameters, losses] of [
  ['passes/gan/seed-1', 560_145, ['L_D', 'L_G', 'D(x)', 'D(G(z))']], // G 100·256+256 + 256·256+256 + 256·784+784, D 784·256+256 + 256·256+256 + 257
  ['passes/vae/seed-1', 652_824, ['negElbo']], // encoder 784·400+400 + 2·(400·20+20), decoder 20·400+400 + 400·784+784
] as const) {
  test(`${id}, tiny: the schema's shape, finite numbers, no leaked tensor or folder`, async () => {
    const folders = temporaryFolders();
    const tensors = tf.memory().numTensors;
    const lines: string[] = [];
    const started = performance.now();
    const result = await runComparison(tiny(id), { ...context, progress: (line) => lines.push(line) });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(tf.memory().numTensors, tensors, 'tensors before and after the run');
    assert.deepEqual(temporaryFolders(), folders, 'the temporary run folder is removed');
    assert.equal(result.parameters, parameters);
    assert.equal(result.diverged, undefined);
    assert.equal(result.epochs.length, 1);
    const [epoch] = result.epochs;
    assert.deepEqual([epoch.epoch, epoch.steps], [1, 2]);
    assert.ok(
      epoch.trainSeconds > 0 && epoch.trainSeconds < seconds,
      `trainSeconds ${epoch.trainSeconds} of ${seconds} s`,
    );
    assert.deepEqual(Object.keys(epoch.losses), losses);
    assert.deepEqual(Object.keys(epoch.scores), SCORE_KEYS);
    assert.equal(epoch.scores.samples, SAMPLES);
    const numbers = [
      ...Object.values(epoch.losses),
      ...Object.values(epoch.scores).flat(),
      ...Object.values(epoch.vae ?? {}),
    ];
    assert.ok(numbers.every(Number.isFinite), JSON.stringify(epoch));
    if (id.includes('vae')) {
      assert.deepEqual(Object.keys(epoch.vae ?? {}), ['negativeElbo', 'reconstruction', 'kl', 'activeUnits']);
      assert.ok(Math.abs(epoch.vae!.negativeElbo - epoch.vae!.reconstruction - epoch.vae!.kl) < 1e-6);
    } else {
      assert.equal(epoch.vae, undefined);
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`^${id} · epoch 1/1 · 2 steps`));
  });
}

test('scoreEvery scores every n-th epoch and always the last, which alone keeps a grid of its samples', async () => {
  const result = await runComparison(tiny('data-size/vae/images-500-seed-1', { numEpochs: 3, scoreEvery: 2 }), context);
  assert.deepEqual(
    result.epochs.map((epoch) => epoch.epoch),
    [2, 3],
  );
  assert.deepEqual(
    result.epochs.map((epoch) => epoch.steps),
    [4, 6],
  ); // 128 images at batch 64: 2 steps per epoch
  // Only the final epoch keeps a picture of its samples: a PNG grid of 32 digits, 16 × 2 tiles of 28 px at scale 2.
  assert.equal(result.epochs[0].sampleGrid, undefined);
  const png = Buffer.from(result.epochs[1].sampleGrid!, 'base64');
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * (16 * 29 + 1), 2 * (2 * 29 + 1)]);
});

test('a NaN loss ends the run with `diverged` and no epochs, without throwing or leaking', async () => {
  const [folders, tensors] = [temporaryFolders(), tf.memory().numTensors];
  // Adam with a NaN learning rate makes D's weights NaN in the D step, so the G step that follows sees a NaN loss.
  const result = await runComparison(tiny('passes/gan/seed-1', { learningRate: NaN }), context);
  assert.equal(tf.memory().numTensors, tensors);
  assert.deepEqual(temporaryFolders(), folders);
  assert.match(result.diverged ?? '', /^Loss L_G is NaN at step 1 \(epoch 1, step 1 of the epoch\)$/);
  assert.deepEqual(result.epochs, []);
});

test('runPlan skips a run already done with the same spec (keys in any order), and reruns one whose spec changed', async () => {
  const done = tiny('beta/vae/kl-1');
  const changed = tiny('beta/vae/kl-4');
  const fresh = tiny('likelihood/vae/gaussian');
  const reordered = Object.fromEntries(Object.entries(done).reverse()) as unknown as RunSpec;
  const finished: RunResult = { spec: reordered, parameters: 1, epochs: [] };
  const stale: RunResult = { spec: { ...changed, numEpochs: 2 }, parameters: 1, epochs: [] };
  const seen: string[] = [];
  const results = await runPlan([done, changed, fresh], context, {
    command: 'the test',
    fast: true,
    done: [finished, stale],
    onRun: (run) => seen.push(run.spec.id),
  });
  assert.deepEqual(seen, ['beta/vae/kl-4', 'likelihood/vae/gaussian']);
  assert.equal(results.runs[0], finished);
  assert.deepEqual(
    results.runs.map((run) => run.spec),
    [reordered, changed, fresh],
  );
  assert.deepEqual([results.command, results.fast, results.backend], ['the test', true, 'test backend']);
  assert.ok(results.startedAt <= results.finishedAt);
});

test('runPlan refuses a plan with a repeated id', async () => {
  const spec = tiny('beta/vae/kl-1');
  await assert.rejects(runPlan([spec, spec], context, { command: '', fast: true }), /holds run beta\/vae\/kl-1 twice/);
});
