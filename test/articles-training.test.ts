import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  combinedModelStep,
  gaussianNoiseRealData,
  listing10Discriminator,
  listing10Generator,
  listing1Images,
  listing2GanLosses,
  listingSummaries,
  mnistRealData,
  realImageGradientNorm,
  sampleVerdict,
  samplesForEvaluator,
  trainListingGan,
} from '../src/articles';
import { correctGanLosses } from '../src/losses';
import { buildClassifier } from '../src/models';
import { LabelledImages } from '../src/data';

before(async () => {
  await tf.setBackend('cpu');
});

/** n 28×28 images whose pixels are all `shade`, labelled 0..n−1. */
function fakeSet(n: number, shade = 255): LabelledImages {
  return {
    images: new Uint8Array(n * 784).fill(shade),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
    count: n,
    height: 28,
    width: 28,
  };
}

test("L1: 000's preparation gives 5-D images; corrected, 4-D in [−1, 1]", () => {
  const set = fakeSet(3);
  assert.deepEqual(listing1Images(set, [0, 1], 'asWritten').shape, [2, 28, 28, 1, 1]);
  const corrected = listing1Images(set, [0, 1], 'corrected');
  assert.deepEqual(corrected.shape, [2, 28, 28, 1]);
  assert.equal(corrected.max().dataSync()[0], 1);
});

test("000's losses as written give real images no gradient at all; the correct losses do", () => {
  const discriminator = listing10Discriminator('corrected');
  const real = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const fake = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  assert.equal(realImageGradientNorm(listing2GanLosses, discriminator, real, fake), 0);
  assert.ok(realImageGradientNorm(correctGanLosses, discriminator, real, fake) > 0);
});

test('mnistRealData keeps the batch size across passes; gaussianNoiseRealData draws N(0, 1)', () => {
  const next = mnistRealData(fakeSet(5), 'signed', 1);
  for (let i = 0; i < 4; i++) {
    const batch = next(2);
    assert.deepEqual(batch.shape, [2, 28, 28, 1]);
    batch.dispose();
  }
  const noise = gaussianNoiseRealData(3)(64);
  const outsideTanh = tf.mean(tf.greater(tf.abs(noise), 1).toFloat()).dataSync()[0];
  assert.ok(outsideTanh > 0.25 && outsideTanh < 0.39, `${outsideTanh} of N(0, 1) values lie outside (−1, 1)`);
});

test('trainListingGan traces each measurement at step 0, every traceEvery steps and at the end, and leaks nothing else', () => {
  const evaluationImages = listing1Images(
    fakeSet(16),
    Array.from({ length: 16 }, (_, i) => i),
    'corrected',
  ) as tf.Tensor4D;
  const realData = mnistRealData(fakeSet(8), 'signed', 1);
  const before = tf.memory().numTensors;
  const run = trainListingGan({
    losses: correctGanLosses,
    realData,
    evaluationImages,
    steps: 3,
    batchSize: 4,
    traceEvery: 2,
    seed: 1,
  });
  assert.deepEqual(run.trace.step, [0, 2, 3]);
  for (const series of [
    run.trace.realAccuracy,
    run.trace.fakeAccuracy,
    run.trace.meanPixel,
    run.trace.negativePixels,
  ]) {
    assert.equal(series.length, 3);
  }
  assert.deepEqual(run.samples.shape, [16, 28, 28, 1]);
  const kept = [run.generator, run.discriminator].reduce((n, model) => n + model.weights.length, 0) + 1; // + samples
  assert.equal(tf.memory().numTensors - before, kept);
});

test('trainListingGan repeats a run exactly from its seed', () => {
  const evaluationImages = listing1Images(
    fakeSet(16),
    Array.from({ length: 16 }, (_, i) => i),
    'corrected',
  ) as tf.Tensor4D;
  const run = (seed: number) =>
    trainListingGan({
      losses: correctGanLosses,
      realData: mnistRealData(fakeSet(8), 'signed', 1),
      evaluationImages,
      steps: 2,
      batchSize: 4,
      traceEvery: 1,
      seed,
    });
  const pixels = (seed: number) => Array.from(run(seed).samples.dataSync());
  assert.deepEqual(pixels(3), pixels(3));
  assert.notDeepEqual(pixels(3), pixels(4));
});

test('samplesForEvaluator maps [−1, 1] samples by (x + 1)/2 and clips those of a [0, 1] run at 0', () => {
  const samples = tf.tensor4d([-1, -0.5, 0, 0.3], [1, 2, 2, 1]);
  const close = (actual: tf.Tensor, expected: number[]) =>
    actual
      .dataSync()
      .forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `pixel ${i}: ${v} ≠ ${expected[i]}`));
  close(samplesForEvaluator(samples, 'signed'), [0, 0.25, 0.5, 0.65]);
  close(samplesForEvaluator(samples, 'unit'), [0, 0, 0, 0.3]);
});

test("sampleVerdict judges a run's samples with the evaluator and leaks nothing", () => {
  const evaluationImages = listing1Images(
    fakeSet(16),
    Array.from({ length: 16 }, (_, i) => i),
    'corrected',
  ) as tf.Tensor4D;
  const run = trainListingGan({
    losses: correctGanLosses,
    realData: mnistRealData(fakeSet(8), 'signed', 1),
    evaluationImages,
    steps: 1,
    batchSize: 4,
    traceEvery: 1,
    seed: 1,
  });
  const evaluator = buildClassifier(1);
  const realImages = samplesForEvaluator(evaluationImages, 'signed');
  const before = tf.memory().numTensors;
  const verdict = sampleVerdict(run, evaluator, 'signed', 30, realImages);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(verdict.classShares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(verdict.meanConfidence >= 0.1 && verdict.meanConfidence <= 1);
  // Against its own 30 samples as the real digits, every sample is 0 away from its nearest one; against a single
  // blank image, the mean distance is the samples' mean pixel norm.
  const own = tf.tidy(() =>
    samplesForEvaluator(
      run.generator.predict(tf.randomNormal([30, 100], 0, 1, 'float32', 11)) as tf.Tensor4D,
      'signed',
    ),
  );
  assert.ok(sampleVerdict(run, evaluator, 'signed', 30, own).nearestRealDistance < 0.02); // float32's ‖a‖² + ‖b‖² − 2a·b
  const blank = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
  const norms = tf.tidy(() => own.reshape([30, -1]).square().sum(1).sqrt().mean().dataSync()[0]);
  assert.ok(Math.abs(sampleVerdict(run, evaluator, 'signed', 30, blank).nearestRealDistance - norms) < 1e-4);
  tf.dispose([realImages, own, blank]);
});

test('a stacked G → D step moves D too unless D is frozen first; G moves either way', async () => {
  const [generator, discriminator] = [listing10Generator('corrected'), listing10Discriminator('asWritten')];
  const unfrozen = await combinedModelStep(generator, discriminator, { freezeDiscriminator: false, batchSize: 4 });
  assert.ok(unfrozen.discriminatorChange > 0 && unfrozen.generatorChange > 0);
  const frozen = await combinedModelStep(generator, discriminator, { freezeDiscriminator: true, batchSize: 4 });
  assert.equal(frozen.discriminatorChange, 0);
  assert.ok(frozen.generatorChange > 0);
  assert.equal(discriminator.trainable, true);
});

test('the summary has one row per listing, L1 to L13, each saying where the chapter shows it', () => {
  assert.deepEqual(
    listingSummaries.map((row) => row.listing),
    Array.from({ length: 13 }, (_, i) => `L${i + 1}`),
  );
  for (const row of listingSummaries) assert.ok(row.shownIn.startsWith(row.listing), row.listing);
});
