// The evaluator classifier: shapes, seeded initial weights, a step that learns, no leaks, save → load.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { buildClassifier, CLASSIFIER_FEATURE_LAYER } from '../src/models/classifier';
import {
  EVALUATOR_CHUNK,
  evaluatorOutputs,
  evaluatorOutputsInChunks,
  judgeDigits,
  loadClassifier,
} from '../src/evaluator';
import { classCoverage } from '../src/metrics';
import { classifierTrainer, evaluateClassifier, fit } from '../src/training';
import { fakeDigits } from './support/fake-digits';
import { withoutLeaks } from './support/leaks';
import { tempDir } from './support/temp';

before(() => selectBackend({ quiet: true }));

test('maps [batch, 28, 28, 1] images to [batch, 10] logits, with a 256-wide feature layer', () => {
  const model = buildClassifier(1);
  assert.deepEqual(model.inputs[0].shape, [null, 28, 28, 1]);
  assert.deepEqual(model.outputs[0].shape, [null, 10]);
  assert.deepEqual(model.getLayer(CLASSIFIER_FEATURE_LAYER).outputShape, [null, 256]);
  for (const batch of [1, 64]) {
    const logits = tf.tidy(() => model.predict(tf.zeros([batch, 28, 28, 1])) as tf.Tensor);
    assert.deepEqual(logits.shape, [batch, 10]);
    logits.dispose();
  }
});

test('evaluator outputs are the softmax of the logits and the 256 features before them', () => {
  const model = buildClassifier(1);
  const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  const { probabilities, features } = evaluatorOutputs(model, images);
  assert.deepEqual(
    [probabilities.shape, features.shape],
    [
      [3, 10],
      [3, 256],
    ],
  );
  const expected = tf.softmax(model.predict(images) as tf.Tensor2D);
  assert.ok(tf.max(tf.abs(tf.sub(probabilities, expected))).dataSync()[0] < 1e-6);
  const fromLayer = tf
    .model({ inputs: model.inputs, outputs: model.getLayer(CLASSIFIER_FEATURE_LAYER).output })
    .predict(images) as tf.Tensor;
  assert.ok(tf.max(tf.abs(tf.sub(features, fromLayer))).dataSync()[0] < 1e-6);
  tf.dispose([images, probabilities, features, expected, fromLayer]);
});

test("judgeDigits gives the class coverage of the evaluator's softmax for the images, and leaves no tensors behind", () => {
  const model = buildClassifier(1);
  const images = tf.randomUniform([EVALUATOR_CHUNK + 5, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const { probabilities, features } = evaluatorOutputs(model, images);
  const expected = classCoverage(probabilities);
  tf.dispose([probabilities, features]);
  const judged = withoutLeaks('judgeDigits', () => judgeDigits(model, images));
  assert.deepEqual(
    judged.classShares.map((s) => s.toFixed(6)),
    expected.classShares.map((s) => s.toFixed(6)),
  );
  assert.ok(Math.abs(judged.meanConfidence - expected.meanConfidence) < 1e-6);
  assert.equal(images.isDisposed, false, "the caller's images are left to the caller");
  images.dispose();
});

test('evaluator outputs in chunks equal one call over all images, in order, and leave no tensors behind', () => {
  const model = buildClassifier(1);
  const count = 2 * EVALUATOR_CHUNK + 3; // two whole chunks and a partial one
  const images = tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
  const whole = evaluatorOutputs(model, images);
  const before = tf.memory().numTensors;
  const chunked = evaluatorOutputsInChunks(model, images);
  assert.equal(tf.memory().numTensors, before + 2);
  assert.deepEqual(
    [chunked.probabilities.shape, chunked.features.shape],
    [
      [count, 10],
      [count, 256],
    ],
  );
  for (const key of ['probabilities', 'features'] as const) {
    assert.ok(tf.max(tf.abs(tf.sub(chunked[key], whole[key]))).dataSync()[0] < 1e-5, key);
  }
  tf.dispose([images, whole.probabilities, whole.features, chunked.probabilities, chunked.features]);
});

test('the seed fixes the initial weights', () => {
  const weights = (seed: number) =>
    buildClassifier(seed)
      .getWeights()
      .map((w) => Array.from(w.dataSync().slice(0, 20)));
  assert.deepEqual(weights(4), weights(4));
  assert.notDeepEqual(weights(4), weights(5));
});

test('seed 0, which would leave the first layer unseeded (tfjs seed 0·16 + 0), is refused', () => {
  assert.throws(() => buildClassifier(0), { name: 'RangeError', message: /^seed 0 cannot seed TensorFlow.js/ });
});

test('training steps on a fixed batch lower its loss, and leak no tensors', async () => {
  const trainer = classifierTrainer(fakeDigits(10), 1);
  const images = tf.randomUniform([16, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: 16 }, (_, i) => i % 10),
    'int32',
  );
  const first = (await trainer.step({ images, labels }, 1)).loss;
  const count = tf.memory().numTensors;
  let last = first;
  for (let i = 0; i < 5; i++) last = (await trainer.step({ images, labels }, 1)).loss;
  assert.equal(tf.memory().numTensors, count);
  assert.ok(last < first, `loss went from ${first} to ${last}`);
  tf.dispose([images, labels]);
});

test('a saved classifier loads with identical outputs and test accuracy', async () => {
  const runDir = tempDir('classifier');
  const test = fakeDigits(20);
  const trainer = classifierTrainer(test, 2);
  await fit(trainer, { data: fakeDigits(64), numEpochs: 1, batchSize: 32, seed: 2, runDir, resume: false });
  const loaded = loadClassifier(runDir);
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 9);
  assert.deepEqual(
    Array.from((loaded.predict(x) as tf.Tensor).dataSync()),
    Array.from((trainer.model.predict(x) as tf.Tensor).dataSync()),
  );
  assert.deepEqual(await evaluateClassifier(loaded, test), await evaluateClassifier(trainer.model, test));
});

test('loading a run folder without a classifier says what is wrong', () => {
  assert.throws(
    () => loadClassifier('/nonexistent/run'),
    /\/nonexistent\/run holds no trained classifier .*Train one with notebook 04 or `genlab train classifier --out=\/nonexistent\/run`/,
  );
});
