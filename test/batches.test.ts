import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { batches, batchRanges, forEachBatch, imagesToTensor, inBatches, shuffledIndices } from '../src/data/batches';
import { LabelledImages } from '../src/data/load';
import { withoutLeaks } from './support/leaks';

before(() => tf.setBackend('cpu'));

/** Ten 2×2 images whose pixels are 0, 51, 102, ... so each image's first pixel identifies it. */
const tiny: LabelledImages = {
  images: Uint8Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? (i / 4) * 17 : 255 * (i % 2))),
  labels: Uint8Array.from({ length: 10 }, (_, i) => i),
  count: 10,
  height: 2,
  width: 2,
};

test('a seed fixes the shuffle, which is a permutation; another seed gives another order', () => {
  const a = shuffledIndices(1000, 7);
  assert.deepEqual(a, shuffledIndices(1000, 7));
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.notDeepEqual(a, shuffledIndices(1000, 8));
  assert.notDeepEqual(
    a,
    Int32Array.from({ length: 1000 }, (_, i) => i),
  );
});

test('pixels scale to [0, 1] for VAEs and [-1, 1] for GANs', () => {
  const unit = imagesToTensor(tiny, [0, 9], 'unit');
  const signed = imagesToTensor(tiny, [0, 9], 'signed');
  assert.deepEqual(unit.shape, [2, 2, 2, 1]);
  // Image 9: first pixel 153, then 255, 0, 255.
  const expectUnit = [0, 1, 0, 1, 153 / 255, 1, 0, 1];
  Array.from(unit.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expectUnit[i]) < 1e-6));
  Array.from(signed.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - (2 * expectUnit[i] - 1)) < 1e-6));
  tf.dispose([unit, signed]);
});

test('one pass visits every image once with its own label; the last batch holds the remainder', () => {
  const seen: number[] = [];
  const sizes: number[] = [];
  for (const batch of batches(tiny, { batchSize: 4, seed: 3, range: 'unit' })) {
    sizes.push(batch.images.shape[0]);
    const firstPixels = batch.images.reshape([-1, 4]).slice([0, 0], [-1, 1]).dataSync();
    const labels = batch.labels.dataSync();
    firstPixels.forEach((p, i) => assert.equal(Math.round((p * 255) / 17), labels[i]));
    seen.push(...labels);
    tf.dispose([batch.images, batch.labels]);
  }
  assert.deepEqual(sizes, [4, 4, 2]);
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test('iterating and disposing the batches leaves no tensor behind', () => {
  withoutLeaks('a pass over the batches', () => {
    for (const batch of batches(tiny, { batchSize: 3, seed: 1, range: 'signed' }))
      tf.dispose([batch.images, batch.labels]);
  });
});

test('skip leaves out the first batches of the same pass (a run resumed inside an epoch)', () => {
  const labelsOf = (skip: number) =>
    [...batches(tiny, { batchSize: 3, seed: 5, range: 'unit', skip })].map((batch) => {
      const labels = Array.from(batch.labels.dataSync());
      tf.dispose([batch.images, batch.labels]);
      return labels;
    });
  const all = labelsOf(0);
  assert.equal(all.length, 4);
  assert.deepEqual(labelsOf(2), all.slice(2));
  assert.deepEqual(labelsOf(4), []);
});

test('bad batch sizes, skips and indices get clear errors', () => {
  assert.throws(
    () => batches(tiny, { batchSize: 0, seed: 1, range: 'unit' }).next(),
    /batchSize must be a positive integer/,
  );
  assert.throws(
    () => batches(tiny, { batchSize: 2, seed: 1, range: 'unit', skip: -1 }).next(),
    /skip must be a whole number/,
  );
  assert.throws(() => imagesToTensor(tiny, [10], 'unit'), /image index 10 is outside 0\.\.9/);
  assert.throws(() => imagesToTensor(tiny, [-1], 'unit'), /image index -1 is outside 0\.\.9/);
});

test('batches of one image are allowed', () => {
  const first = batches(tiny, { batchSize: 1, seed: 1, range: 'unit' }).next().value!;
  assert.equal(first.images.shape[0], 1);
  tf.dispose([first.images, first.labels]);
});

test('every order of two items comes up: over 200 seeds, each of the 2 permutations 80–120 times', () => {
  // Fisher–Yates swaps the last item with a uniformly chosen one of all i + 1; choosing among fewer would fix the order.
  const swapped = Array.from({ length: 200 }, (_, seed) => shuffledIndices(2, seed + 1)[0]).filter(
    (first) => first === 1,
  ).length;
  assert.ok(swapped >= 80 && swapped <= 120, `the two items were swapped for ${swapped} of 200 seeds`);
});

test('batchRanges covers the rows in order, the last batch holding the remainder', () => {
  assert.deepEqual(batchRanges(7, 3), [
    { start: 0, size: 3, index: 0 },
    { start: 3, size: 3, index: 1 },
    { start: 6, size: 1, index: 2 },
  ]);
  assert.deepEqual(
    batchRanges(6, 3).map((r) => r.size),
    [3, 3],
  );
  assert.deepEqual(batchRanges(0, 3), []);
  assert.throws(() => batchRanges(7, 0), /batchSize must be a positive whole number, got 0/);
  assert.throws(() => batchRanges(7, 2.5), /batchSize must be a positive whole number, got 2.5/);
});

test('forEachBatch visits each slice of rows once and disposes it', () => {
  const images = tf.range(0, 7).reshape([7, 1]);
  const seen: number[][] = [];
  withoutLeaks('forEachBatch', () =>
    forEachBatch(images, 3, (batch, { start }) => {
      seen.push([start, ...batch.dataSync()]);
    }),
  );
  assert.deepEqual(seen, [
    [0, 0, 1, 2],
    [3, 3, 4, 5],
    [6, 6],
  ]);
  images.dispose();
});

test('inBatches gives the tensors of one call on all rows, and leaves only them behind', () => {
  const images = tf.range(0, 7).reshape([7, 1]);
  const before = tf.memory().numTensors;
  const result = inBatches(images, 3, (batch) => ({ doubled: batch.mul(2), summed: batch.sum(1) }));
  assert.equal(tf.memory().numTensors - before, 2, 'only the two joined tensors are left');
  assert.deepEqual(Array.from(result.doubled.dataSync()), [0, 2, 4, 6, 8, 10, 12]);
  assert.deepEqual(Array.from(result.summed.dataSync()), [0, 1, 2, 3, 4, 5, 6]);
  const none = tf.zeros([0, 1]);
  assert.throws(() => inBatches(none, 3, (batch) => ({ batch })), /no images/);
  tf.dispose([images, none, result.doubled, result.summed]);
});
