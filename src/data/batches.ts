// Seeded mini-batches as tensors, scaled for the model that eats them.
import * as tf from '@tensorflow/tfjs';
import { uniformRng } from '../maths';
import { LabelledImages } from './load';

/** 'unit': pixels in [0, 1] (Bernoulli decoders of VAEs); 'signed': pixels in [−1, 1] (tanh generators of GANs). */
export type PixelRange = 'unit' | 'signed';

export interface Batch {
  images: tf.Tensor4D; // [batch, height, width, 1]
  labels: tf.Tensor1D; // [batch], int32 class ids
}

/** A permutation of 0..count−1 fixed by the seed (Fisher–Yates driven by the Alea generator). */
export function shuffledIndices(count: number, seed: number): Int32Array {
  const random = uniformRng(seed);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  // Stryker disable next-line EqualityOperator: a pass at i = 0 swaps the first index with itself
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The images at `indices` as a float tensor [n, height, width, 1] in the requested range. */
export function imagesToTensor(set: LabelledImages, indices: ArrayLike<number>, range: PixelRange): tf.Tensor4D {
  const pixels = set.height * set.width;
  const out = new Float32Array(indices.length * pixels);
  const [scale, offset] = range === 'unit' ? [1 / 255, 0] : [2 / 255, -1];
  for (let n = 0; n < indices.length; n++) {
    const index = indices[n];
    if (!(index >= 0 && index < set.count)) throw new RangeError(`image index ${index} is outside 0..${set.count - 1}`);
    const source = set.images.subarray(index * pixels, (index + 1) * pixels);
    // Stryker disable next-line EqualityOperator: p = pixels writes the next image's first slot, which that image overwrites
    for (let p = 0; p < pixels; p++) out[n * pixels + p] = source[p] * scale + offset;
  }
  return tf.tensor4d(out, [indices.length, set.height, set.width, 1]);
}

/** The labels at `indices` as an int32 tensor. */
export function labelsToTensor(set: LabelledImages, indices: ArrayLike<number>): tf.Tensor1D {
  return tf.tensor1d(
    Int32Array.from(indices, (i) => set.labels[i]),
    'int32',
  );
}

/**
 * One pass over `set` in an order fixed by `seed`; the last batch holds the remainder. `skip` leaves out the pass's
 * first batches (a run resumed inside an epoch). Each batch's tensors belong to the caller, who disposes them.
 */
export function* batches(
  set: LabelledImages,
  options: { batchSize: number; seed: number; range: PixelRange; skip?: number },
): Generator<Batch> {
  const { batchSize, seed, range, skip = 0 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`skip must be a whole number of batches, got ${skip}`);
  const order = shuffledIndices(set.count, seed);
  for (let start = skip * batchSize; start < set.count; start += batchSize) {
    const indices = order.subarray(start, Math.min(start + batchSize, set.count));
    yield { images: imagesToTensor(set, indices, range), labels: labelsToTensor(set, indices) };
  }
}

export interface BatchRange {
  /** The first row of the batch. */
  start: number;
  /** How many rows it holds: batchSize, or the remainder for the last one. */
  size: number;
  /** Its number, counting from 0. */
  index: number;
}

/** The consecutive batches of at most batchSize rows that cover `count` rows, in order. */
export function batchRanges(count: number, batchSize: number): BatchRange[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive whole number, got ${batchSize}.`);
  }
  return Array.from({ length: Math.ceil(count / batchSize) }, (_, index) => {
    const start = index * batchSize;
    return { start, size: Math.min(batchSize, count - start), index };
  });
}

/**
 * Calls `visit` on consecutive slices of at most batchSize rows of `images` (its first axis), disposing each slice
 * afterwards: for work too large to run on all images in one call.
 */
export function forEachBatch(
  images: tf.Tensor,
  batchSize: number,
  visit: (batch: tf.Tensor, range: BatchRange) => void,
): void {
  for (const range of batchRanges(images.shape[0], batchSize)) {
    const batch = images.slice(range.start, range.size);
    try {
      visit(batch, range);
    } finally {
      batch.dispose();
    }
  }
}

/**
 * `compute` on consecutive slices of at most batchSize rows of `images`, each in a tf.tidy, and its tensors joined
 * along the first axis: the same tensors as one call on all images, with the memory of one batch's work.
 */
export function inBatches<T extends Record<string, tf.Tensor>>(
  images: tf.Tensor,
  batchSize: number,
  compute: (batch: tf.Tensor) => T,
): T {
  if (images.shape[0] === 0) throw new Error('there are no images to compute on: the tensor has 0 rows.');
  const parts: T[] = [];
  try {
    forEachBatch(images, batchSize, (batch) => parts.push(tf.tidy(() => compute(batch))));
    const names = Object.keys(parts[0] ?? {}) as (keyof T)[];
    return Object.fromEntries(names.map((name) => [name, tf.concat(parts.map((part) => part[name]))])) as unknown as T;
  } finally {
    tf.dispose(parts.flatMap((part) => Object.values(part)));
  }
}
