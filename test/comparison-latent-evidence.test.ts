import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { measureLatentSpace } from '../src/comparison/latent-evidence';
import { claimsTable } from '../src/comparison/claims';
import { buildClassifier, buildMlpVae } from '../src/models';
import { fakeDigits } from './support/fake-digits';

before(async () => {
  await tf.setBackend('cpu');
});

test("measureLatentSpace: H19's evidence from a (here untrained) VAE, its strip of two paths, and no leaked tensors", () => {
  const vae = buildMlpVae(4);
  const evaluator = buildClassifier(1);
  const before = tf.memory().numTensors;
  const measured = measureLatentSpace(
    vae,
    evaluator,
    fakeDigits(40),
    { images: 40, pairs: 3, steps: 5 },
    'an untrained MLP VAE',
  );
  assert.equal(measured.posterior.images, 40);
  assert.equal(measured.posterior.latentDim, 4);
  // fakeDigits labels run 0, 1, 2, …, so each digit and the next differ: pairs (0, 1), (2, 3), (4, 5).
  assert.deepEqual(measured.pairs, [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  assert.equal(measured.latentPaths.stepMeans.length, 5);
  assert.equal(measured.pixelPaths.confidence.length, 3);
  assert.deepEqual(measured.strip.shape, [2 * (5 + 2), 28, 28, 1]);
  assert.equal(measured.evidence.model, 'an untrained MLP VAE');
  assert.equal(measured.evidence.pixelBlendLowestStepMean, measured.pixelPaths.lowestStepMean);
  // The ends of the pixel cross-fade are the digits themselves: row 0 of the strip's second half is digit 0.
  const [first, crossFadeStart] = tf.tidy(() => [measured.strip.slice(0, 1), measured.strip.slice(7, 1)]);
  assert.equal(
    tf.tidy(() => tf.max(tf.abs(first.sub(crossFadeStart))).dataSync()[0]),
    0,
  );
  tf.dispose([first, crossFadeStart, measured.strip]);
  assert.equal(tf.memory().numTensors, before);
  assert.notEqual(claimsTable([], measured.evidence).find((row) => row.id === 'H19')!.verdict, 'not measured here');
  vae.encoder.dispose();
  vae.decoder.dispose();
  evaluator.dispose();
});
