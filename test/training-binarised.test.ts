// The VAE trainer's binarisation option: part of the run's settings (a resumed run must match), a fresh binary draw
// of each batch fixed by the step's seed (so a resumed run repeats an uninterrupted one), and a test ELBO scored on
// the test set binarised once.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { binarisedImages, LabelledImages } from '../src/data';
import { mean, standardError } from '../src/maths';
import {
  boundKs,
  fit,
  runLikelihood,
  vaeImportanceSampledBounds,
  vaeNegativeElbo,
  vaeTrainer,
  VaeTrainerOptions,
} from '../src/training';
import { fakeDigits } from './support/fake-digits';
import { tempDir } from './support/temp';

before(() => selectBackend({ quiet: true }));

const options = { latentDim: 4, seed: 5, architecture: 'mlp' } as const;
const binarised: VaeTrainerOptions = { ...options, binarisation: 'dynamic' };
const run = (data: LabelledImages, numEpochs: number, runDir = tempDir('binarised'), resume = false) => ({
  data,
  numEpochs,
  batchSize: 8,
  seed: 5,
  runDir,
  resume,
});
const losses = (history: { metrics: Record<string, number> }[]) => history.map((r) => r.metrics);

/** fakeDigits with every pixel pushed to 0 or 255: images that binarisation leaves as they are. */
function binaryDigits(count: number): LabelledImages {
  const digits = fakeDigits(count);
  return { ...digits, images: digits.images.map((v) => (v < 128 ? 0 : 255)) };
}

test('binarised training is a setting of the run, so a checkpoint of the other kind refuses to resume', async () => {
  assert.deepEqual(vaeTrainer(binarised).settings, { latentDim: 4, architecture: 'mlp', binarisation: 'dynamic' });
  assert.deepEqual(vaeTrainer({ ...options, binarisation: 'none' }).settings, { latentDim: 4, architecture: 'mlp' });
  const runDir = tempDir('binarised');
  await fit(vaeTrainer(binarised), run(fakeDigits(16), 1, runDir));
  await assert.rejects(
    fit(vaeTrainer(options), run(fakeDigits(16), 2, runDir, true)),
    /holds a vae run with binarisation dynamic.*asks for binarisation undefined/,
  );
});

test('each step trains on a binary draw of its batch: grey digits give other losses, binary digits the same', async () => {
  const [grey, binary] = [fakeDigits(16), binaryDigits(16)];
  assert.notDeepEqual(
    losses((await fit(vaeTrainer(binarised), run(grey, 1))).history),
    losses((await fit(vaeTrainer(options), run(grey, 1))).history),
  );
  assert.deepEqual(
    losses((await fit(vaeTrainer(binarised), run(binary, 1))).history),
    losses((await fit(vaeTrainer(options), run(binary, 1))).history),
  );
});

test('a resumed binarised run draws the same binary batches, so its losses equal an uninterrupted run', async () => {
  const whole = await fit(vaeTrainer(binarised), run(fakeDigits(16), 2));
  const split = tempDir('binarised');
  await fit(vaeTrainer(binarised), run(fakeDigits(16), 1, split));
  const resumed = await fit(vaeTrainer(binarised), run(fakeDigits(16), 2, split, true));
  assert.deepEqual(losses(resumed.history), losses(whole.history));
  assert.notDeepEqual(losses(whole.history)[0], losses(whole.history)[1]);
});

test('the test −ELBO of a binarised run is scored on the test set binarised once', async () => {
  const test = fakeDigits(6);
  const trainer = vaeTrainer({ ...binarised, test });
  const [metrics] = losses((await fit(trainer, run(fakeDigits(16), 1))).history);
  const images = binarisedImages(test);
  const expected = vaeNegativeElbo(trainer.vae, images, { seed: 6 });
  images.dispose();
  assert.equal(metrics.testNegElbo, expected.negativeElbo);
  assert.ok(Number.isFinite(metrics.testNegElbo));
});

test('a binarised step leaves no tensor behind', async () => {
  const trainer = vaeTrainer(binarised);
  const batch = {
    images: tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    labels: tf.zeros([8], 'int32') as tf.Tensor1D,
  };
  await trainer.step(batch, 1); // warm-up: the optimiser creates its slots
  const before = tf.memory().numTensors;
  await trainer.step(batch, 2);
  assert.equal(tf.memory().numTensors, before);
});

test('the importance-weighted bounds of a VAE: L_1 is its ELBO, L_k rises with k; grey images are refused', async () => {
  for (const architecture of ['conv', 'mlp'] as const) {
    const { vae } = vaeTrainer({ latentDim: 4, seed: 5, architecture });
    const images = binarisedImages(fakeDigits(2));
    const [l1, l10, l100] = await vaeImportanceSampledBounds(vae, images, { samples: 100, ks: [1, 10, 100], seed: 2 });
    // The one-sample −ELBO of vaeNegativeElbo, over many seeds: its mean and the spread of that mean.
    const elbos = Array.from({ length: 40 }, (_, i) => -vaeNegativeElbo(vae, images, { seed: i + 1 }).negativeElbo); // not 0: unseeded to tfjs
    const spread = standardError(elbos) + l1.standardError / Math.sqrt(images.shape[0]);
    assert.ok(
      Math.abs(l1.mean - mean(elbos)) < 4 * spread,
      `${architecture}: L_1 ${l1.mean}, ELBO ${mean(elbos)} ± ${spread}`,
    );
    assert.ok(l1.mean < l10.mean && l10.mean < l100.mean, `${architecture}: ${[l1.mean, l10.mean, l100.mean]}`);
    await assert.rejects(
      vaeImportanceSampledBounds(vae, tf.fill([1, 28, 28, 1], 0.5), { samples: 4, ks: [1], seed: 1 }),
      /not binary: a Bernoulli decoder gives grey pixels no probability.*Binarise them first/,
    );
    images.dispose();
  }
});

test('bounds are reported for k = 1, 10, 100, … that divide the samples, and the samples themselves', () => {
  assert.deepEqual(boundKs(5000), [1, 10, 100, 1000, 5000]);
  assert.deepEqual(boundKs(20), [1, 10, 20]);
  assert.deepEqual(boundKs(12), [1, 12]);
  assert.deepEqual(boundKs(1), [1]);
});

test("a run's likelihood estimate is saved, read back for the same checkpoint and settings, recomputed otherwise", async () => {
  const runDir = tempDir('binarised');
  const { vae } = vaeTrainer(binarised);
  const test = fakeDigits(5);
  const settings = { images: 3, samples: 20, seed: 1 };
  const first = await runLikelihood(runDir, vae, { epochs: 1, steps: 2 }, test, settings);
  assert.equal(first.loaded, false);
  assert.deepEqual(
    first.bounds.map((b) => [b.k, b.perImage.length]),
    [
      [1, 3],
      [10, 3],
      [20, 3],
    ],
  );
  const again = await runLikelihood(runDir, vae, { epochs: 1, steps: 2 }, test, settings);
  assert.equal(again.loaded, true);
  assert.deepEqual(again.bounds, first.bounds);
  assert.equal(
    (await runLikelihood(runDir, vae, { epochs: 1, steps: 3 }, test, settings)).loaded,
    false,
    'a step further, inside an epoch',
  );
  assert.equal(
    (await runLikelihood(runDir, vae, { epochs: 2, steps: 3 }, test, settings)).loaded,
    false,
    'an epoch further',
  );
  assert.equal(
    (await runLikelihood(runDir, vae, { epochs: 2, steps: 3 }, test, { ...settings, samples: 10 })).loaded,
    false,
    'other settings',
  );
  await assert.rejects(
    runLikelihood(runDir, vae, { epochs: 2, steps: 3 }, test, { ...settings, images: 6 }),
    /asked for 6 test images; the test set has 5/,
  );
});
