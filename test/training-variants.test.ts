// Chapter 08's trainers: the Wasserstein GANs update the generator only every criticSteps-th step, clipping pins the
// critic's weights, a resumed run repeats an uninterrupted one, nothing leaks; the AC-GAN draws the digits asked for.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { buildClassifier } from '../src/models/classifier';
import { acganTrainer, conditionalAccuracy, digitRows, drawDigits, Trainer, variantTrainer } from '../src/training';
import { assertResumeRepeats } from './support/resume-check';

before(() => selectBackend({ quiet: true }));

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const changed = (a: number[][], b: number[][]) => a.some((w, i) => w.some((v, j) => v !== b[i][j]));
const batch = () => ({
  images: tf.tidy(() => tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 3)) as tf.Tensor4D,
  labels: tf.tensor1d([0, 1, 2, 3], 'int32'),
});
const stepSeed = (step: number) => 5 * 10_000_000 + step;

test('wgan-gp: the critic learns every step, the generator every fifth, and L_D, L_G and W are reported', async () => {
  const trainer = variantTrainer({ variant: 'wgan-gp', latentDim: 8, seed: 5 });
  const { generator, discriminator } = trainer.gan;
  for (const step of [1, 2, 3, 4, 5]) {
    const [g, d] = [weightsOf(generator), weightsOf(discriminator)];
    const losses = await trainer.step(batch(), stepSeed(step));
    assert.deepEqual(Object.keys(losses), ['L_D', 'L_G', 'W']);
    assert.ok(changed(d, weightsOf(discriminator)), `the critic did not move at step ${step}`);
    assert.equal(changed(g, weightsOf(generator)), step === 5, `generator moved at step ${step}`);
  }
});

test('wgan-clip keeps every critic weight in [−c, c] and reports the share at the bounds', async () => {
  const trainer = variantTrainer({ variant: 'wgan-clip', latentDim: 8, seed: 5, clipValue: 0.02 });
  await trainer.step(batch(), stepSeed(1));
  const largest = weightsOf(trainer.gan.discriminator)
    .flat()
    .reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(largest <= 0.02 + 1e-7, `largest |weight| ${largest}`);
  const metrics = await trainer.evaluate();
  assert.ok(metrics.atClipBounds > 0.5, `share at the bounds ${metrics.atClipBounds}`);
});

test('sngan trains its spectrally normalised discriminator with the plain GAN step', async () => {
  const trainer = variantTrainer({ variant: 'sngan', latentDim: 8, seed: 5 });
  const d = weightsOf(trainer.gan.discriminator);
  const losses = await trainer.step(batch(), stepSeed(1));
  assert.deepEqual(Object.keys(losses), ['L_D', 'L_G']);
  assert.ok(changed(d, weightsOf(trainer.gan.discriminator)));
  assert.equal(trainer.gan.discriminator.weights.length, 12); // kernel, bias, u, v in each of 3 layers
});

test('bad settings are errors that name the value', () => {
  assert.throws(
    () => variantTrainer({ variant: 'wgan-gp', latentDim: 8, seed: 1, penaltyWeight: 0 }),
    /λ must be a number above 0, got 0/,
  );
  assert.throws(
    () => variantTrainer({ variant: 'wgan-clip', latentDim: 8, seed: 1, clipValue: -0.01 }),
    /clip value c must be a number above 0, got -0.01/,
  );
  assert.throws(
    () => variantTrainer({ variant: 'began' as never, latentDim: 8, seed: 1 }),
    /unknown GAN variant "began"; choose one of wgan-clip, wgan-gp, sngan/,
  );
});

for (const [name, make] of [
  ['wgan-gp', () => variantTrainer({ variant: 'wgan-gp', latentDim: 8, seed: 5, criticSteps: 3 })],
  [
    'sngan',
    () =>
      variantTrainer({ variant: 'sngan', latentDim: 8, seed: 5, evaluator: buildClassifier(1), evaluationSamples: 20 }),
  ],
  ['acgan', () => acganTrainer({ latentDim: 8, seed: 5, evaluator: buildClassifier(1), samplesPerDigit: 2 })],
] as [string, () => Trainer][]) {
  test(`${name}: a resumed run repeats an uninterrupted one exactly, and leaks no tensors`, async () => {
    const history = await assertResumeRepeats(make);
    assert.ok(Object.values(history[2].metrics).every(Number.isFinite));
  });
}

test('acgan: the generator takes z and a digit, the grid has a row per digit, and digit 10 is refused by name', () => {
  const trainer = acganTrainer({ latentDim: 8, seed: 5 });
  const rows = digitRows(trainer);
  assert.deepEqual(rows.shape, [100, 28, 28, 1]);
  const range = [rows.min().dataSync()[0], rows.max().dataSync()[0]];
  assert.ok(range[0] >= 0 && range[1] <= 1, `pixels in ${range}`);
  const z = tf.randomNormal([1, 8]) as tf.Tensor2D;
  assert.throws(() => drawDigits(trainer.acgan, [10], z), /draws the digits 0 to 9, but digit 10 was asked for/);
  assert.throws(() => drawDigits(trainer.acgan, [2.5], z), /digit 2.5 was asked for/);
  assert.throws(() => drawDigits(trainer.acgan, [1, 2], z), /got 1 noise vectors for 2 digits/);
  const accuracy = conditionalAccuracy(trainer.acgan, buildClassifier(1), 3, 1);
  assert.equal(accuracy.perDigit.length, 10);
  assert.ok(accuracy.perDigit.every((a) => a >= 0 && a <= 1 && Number.isInteger(a * 3)));
});
