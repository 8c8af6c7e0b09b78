// Nearest-neighbour distances between feature rows, computed in blocks of query rows with TensorFlow.js, so that a
// thousand samples can be compared with sixty thousand 784-pixel training images without one 240 MB matrix.
import * as tf from '@tensorflow/tfjs';

/** Entries of the distance matrix held at once (64 MB of float32). */
const BLOCK_ENTRIES = 1 << 24;

/**
 * ‖q − r‖² for every pair of rows, as ‖q‖² − 2 q·r + ‖r‖², clipped at 0 where float32 rounding dips below. The three
 * terms come from one product [−2q, ‖q‖², 1]·[r, 1, ‖r‖²]ᵀ, which is much faster than broadcast additions on the CPU.
 */
export function squaredDistances(queries: tf.Tensor2D, reference: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const withNorms = (x: tf.Tensor2D, scale: number, normsFirst: boolean) => {
      const norms = tf.square(x).sum(1, true); // [rows, 1]
      const ones = tf.onesLike(norms);
      return tf.concat([x.mul(scale), normsFirst ? norms : ones, normsFirst ? ones : norms], 1);
    };
    return tf.relu(tf.matMul(withNorms(queries, -2, true), withNorms(reference, 1, false), false, true)) as tf.Tensor2D;
  });
}

/**
 * reduce(squared distances of a block of query rows to all reference rows) → one number per query row, for all
 * query rows, block by block.
 */
export function reduceDistanceBlocks(
  queries: tf.Tensor2D, reference: tf.Tensor2D, reduce: (blockSquaredDistances: tf.Tensor2D) => tf.Tensor1D,
): Float32Array {
  const [rows, referenceRows] = [queries.shape[0], reference.shape[0]];
  const blockRows = Math.max(1, Math.floor(BLOCK_ENTRIES / referenceRows));
  const result = new Float32Array(rows);
  for (let start = 0; start < rows; start += blockRows) {
    const size = Math.min(blockRows, rows - start);
    result.set(tf.tidy(() => reduce(squaredDistances(queries.slice([start, 0], [size, -1]), reference)).dataSync()),
      start);
  }
  return result;
}

/** The Euclidean distance from each query row to its k-th nearest reference row (k = 1: the nearest). */
export function kthNearestDistances(queries: tf.Tensor2D, reference: tf.Tensor2D, k: number): Float32Array {
  if (!Number.isInteger(k) || k < 1 || k > reference.shape[0]) {
    throw new Error(`k = ${k} must be a whole number from 1 to the ${reference.shape[0]} reference rows.`);
  }
  return reduceDistanceBlocks(queries, reference, (squared) => {
    if (k === 1) return tf.sqrt(tf.min(squared, 1)) as tf.Tensor1D; // much faster than topk
    const kSmallest = tf.topk(tf.neg(squared), k).values; // [block, k], largest first, so the k-th is last
    return tf.sqrt(tf.neg(kSmallest.slice([0, k - 1], [-1, 1])).reshape([-1])) as tf.Tensor1D;
  });
}
