// The DCGAN and conv-VAE trainers in the shared loop: seeds make them repeatable, resume matches an uninterrupted
// run, no tensors leak from epoch to epoch, and the per-epoch evaluation reports its metrics.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { selectBackend } from '../src/backend';
import { judgeDigits } from '../src/evaluator';
import { buildMlpGan } from '../src/models';
import { buildClassifier } from '../src/models/classifier';
import {
  decodeMeans,
  encode,
  fit,
  fixedNoiseGrid,
  fixedPriorGrid,
  ganTrainer,
  generate,
  judgeGenerator,
  loadVae,
  toUnitRange,
  withSeed,
  Trainer,
  vaeTrainer,
} from '../src/training';
import { fakeDigits } from './support/fake-digits';
import { withoutLeaks } from './support/leaks';
import { assertResumeRepeats, tinyRun } from './support/resume-check';
import { tempDir } from './support/temp';

before(() => selectBackend({ quiet: true }));

for (const [name, make] of [
  ['gan', () => ganTrainer({ latentDim: 8, seed: 5, evaluator: buildClassifier(1), evaluationSamples: 20 })],
  ['vae', () => vaeTrainer({ latentDim: 4, seed: 5, test: fakeDigits(10) })],
] as [string, () => Trainer][]) {
  test(`${name}: a resumed run repeats an uninterrupted one exactly, and leaks no tensors`, async () => {
    const history = await assertResumeRepeats(make);
    const expected =
      name === 'gan'
        ? ['L_D', 'L_G', 'D(x)', 'D(G(z))', 'classEntropy', 'meanConfidence']
        : ['negElbo', 'testNegElbo', 'testReconstruction', 'testKl'];
    assert.deepEqual(Object.keys(history[0].metrics), expected);
    assert.ok(Object.values(history[0].metrics).every(Number.isFinite));
  });
}

test('gan: each optimiser updates only its own network (Adam keeps one slot per variable it updates)', async () => {
  const trainer = ganTrainer({ latentDim: 8, seed: 5 });
  const images = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.zeros([4], 'int32') as tf.Tensor1D;
  const snapshot = (model: tf.LayersModel) => model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
  const [g0, d0] = [snapshot(trainer.gan.generator), snapshot(trainer.gan.discriminator)];
  await trainer.step({ images, labels }, 1);
  for (const name of ['generator', 'discriminator'] as const) {
    const slots = (await trainer.optimizers[name].getWeights()).slice(1).map((w) => w.name.replace(/\/[mv]$/, ''));
    const own = trainer.gan[name].trainableWeights.map((w) => (w.read() as tf.Variable).name);
    assert.deepEqual([...new Set(slots)].sort(), [...own].sort(), `${name} optimiser`);
  }
  assert.notDeepEqual(snapshot(trainer.gan.generator), g0, 'the generator learns in a step');
  assert.notDeepEqual(snapshot(trainer.gan.discriminator), d0, 'the discriminator learns in a step');
  tf.dispose([images, labels]);
});

for (const [name, grid] of [
  ['gan: the fixed-noise grid', (seed: number) => fixedNoiseGrid(ganTrainer({ latentDim: 8, seed }))],
  ['vae: the fixed-prior grid', (seed: number) => fixedPriorGrid(vaeTrainer({ latentDim: 4, seed }))],
] as [string, (seed: number) => Uint8Array][]) {
  test(`${name} is 8 × 8 digits, the same for the same seed and different for another`, () => {
    const png = PNG.sync.read(Buffer.from(grid(5)));
    assert.deepEqual([png.width, png.height], [(8 * 29 + 1) * 2, (8 * 29 + 1) * 2]);
    assert.deepEqual(grid(5), grid(5));
    assert.notDeepEqual(grid(5), grid(6));
  });
}

test('a saved conv VAE loads with identical encoder and decoder outputs; a folder without one says how to make it', async () => {
  const runDir = tempDir('models');
  const trainer = vaeTrainer({ latentDim: 4, seed: 5 });
  await fit(trainer, tinyRun(runDir, 1));
  const { vae, epochs } = loadVae(runDir);
  assert.equal(epochs, 1);
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 9);
  const z = tf.randomNormal([3, 4], 0, 1, 'float32', 10) as tf.Tensor2D;
  const values = (t: tf.Tensor) => Array.from(t.dataSync());
  assert.deepEqual(values(encode(vae, x).mu), values(encode(trainer.vae, x).mu));
  assert.deepEqual(values(decodeMeans(vae, z)), values(decodeMeans(trainer.vae, z)));
  assert.throws(
    () => loadVae('/nonexistent/run'),
    /holds no trained VAE .*`genlab train vae --out=\/nonexistent\/run`/,
  );
  const mlpDir = tempDir('models');
  await fit(vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp' }), tinyRun(mlpDir, 1));
  assert.throws(() => loadVae(mlpDir), /not a convolutional VAE/);
});

test('judgeGenerator reads the samples its seed draws: the same for the same seed, others for another, no leak', () => {
  const gan = withSeed(2, () => buildMlpGan(8));
  const evaluator = buildClassifier(1);
  const verdict = withoutLeaks('judgeGenerator', () => judgeGenerator(gan, evaluator, 30, 7));
  const samples = withSeed(7, () => tf.tidy(() => toUnitRange(generate(gan, tf.randomNormal([30, 8])))));
  assert.deepEqual(verdict, judgeDigits(evaluator, samples));
  samples.dispose();
  assert.equal(verdict.classShares.reduce((a, b) => a + b, 0).toFixed(6), '1.000000');
  assert.notDeepEqual(judgeGenerator(gan, evaluator, 30, 8), verdict);
});
