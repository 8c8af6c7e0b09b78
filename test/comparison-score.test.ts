// Scoring generated images: real digits scored against other real digits look like a perfect generator, noise does
// not. The evaluator is an untrained classifier with fixed weights: its features still tell digits from noise, and
// the test does not depend on a trained run folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { disposeScoringReference, prepareScoringReference, scoreSamples, ScoringReference } from '../src/comparison';
import { Dataset, imagesToTensor, loadMnist } from '../src/data';
import { buildClassifier } from '../src/models';
import { withoutLeaks } from './support/leaks';

const SAMPLES = 300; // the least above the evaluator's 256 features, as the Fréchet distance needs
let mnist: Dataset;
let evaluator: tf.Sequential;
let reference: ScoringReference;

before(async () => {
  await selectBackend({ quiet: true });
  mnist = await loadMnist();
  evaluator = buildClassifier(1);
  reference = prepareScoringReference(evaluator, mnist, SAMPLES);
});

after(() => {
  disposeScoringReference(reference);
  evaluator.dispose();
});

/** Test digits SAMPLES..2·SAMPLES−1: real, and none of them in the reference. */
const otherTestDigits = () =>
  imagesToTensor(
    mnist.test,
    Array.from({ length: SAMPLES }, (_, i) => SAMPLES + i),
    'unit',
  );

test('other real test digits: high precision and recall, real sharpness, no memorisation, no leaks', () => {
  const images = otherTestDigits();
  const scores = withoutLeaks('scoreSamples', () => scoreSamples(images, evaluator, reference));
  assert.ok(scores.precision > 0.8 && scores.recall > 0.8, `precision ${scores.precision}, recall ${scores.recall}`);
  assert.ok(Math.abs(scores.memorisationRatio - 1) < 0.1, `memorisation ratio ${scores.memorisationRatio}`);
  assert.ok(Math.abs(scores.relativeSharpness - 1) < 0.15, `relative sharpness ${scores.relativeSharpness}`);
  assert.equal(scores.samples, SAMPLES);
  assert.equal(scores.classShares.length, 10);
  images.dispose();
});

test('the Fréchet distance of real digits is small beside that of uniform noise', () => {
  const images = otherTestDigits();
  const noise = tf.randomUniform([SAMPLES, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const real = scoreSamples(images, evaluator, reference);
  const noisy = scoreSamples(noise, evaluator, reference);
  assert.ok(real.frechet < noisy.frechet / 10, `real ${real.frechet}, noise ${noisy.frechet}`);
  assert.ok(noisy.precision < 0.1, `noise precision ${noisy.precision}`);
  tf.dispose([images, noise]);
});

test('the reference needs more samples than evaluator features, and as many samples as it was made for', () => {
  assert.throws(
    () => prepareScoringReference(evaluator, mnist, 256),
    /needs more than 256 of them.*from 257 to 10000/s,
  );
  const few = imagesToTensor(mnist.test, [0, 1, 2], 'unit');
  assert.throws(() => scoreSamples(few, evaluator, reference), /got 3 samples but the reference holds 300 real digits/);
  few.dispose();
});
