// Nearest-neighbour distances between feature rows, computed in blocks of query rows with TensorFlow.js, so that a
// thousand samples can be compared with sixty thousand 784-pixel training images without one 240 MB matrix.
import * as tf from '@tensorflow/tfjs';

/** Entries of the distance matrix held at once (64 MB of float32). */
const BLOCK_ENTRIES = 1 << 24;

/** ‖q − r‖² for every pair of query and reference rows. [m, n] */
export function squaredDistances(queries: tf.Tensor2D, reference: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => squaredDistancesToColumns(queries, referenceColumns(reference)));
}

/**
 * reduce(squared distances of a block of query rows to all reference rows) → one number per query row, for all
 * query rows, block by block.
 */
export function reduceDistanceBlocks(
  queries: tf.Tensor2D,
  reference: tf.Tensor2D,
  reduce: (blockSquaredDistances: tf.Tensor2D) => tf.Tensor1D,
): Float32Array {
  const [rows, referenceRows] = [queries.shape[0], reference.shape[0]];
  const blockRows = Math.max(1, Math.floor(BLOCK_ENTRIES / referenceRows));
  const columns = referenceColumns(reference);
  const result = new Float32Array(rows);
  try {
    // Stryker disable next-line EqualityOperator: one more pass at start = rows reduces an empty block and writes nothing
    for (let start = 0; start < rows; start += blockRows) {
      result.set(
        tf.tidy(() => {
          const block = queries.slice([start, 0], [Math.min(blockRows, rows - start), -1]);
          return reduce(squaredDistancesToColumns(block, columns)).dataSync();
        }),
        start,
      );
    }
  } finally {
    columns.dispose();
  }
  return result;
}

/** The Euclidean distance from each query row to its k-th nearest reference row (k = 1: the nearest). */
export function kthNearestDistances(queries: tf.Tensor2D, reference: tf.Tensor2D, k: number): Float32Array {
  if (!Number.isInteger(k) || k < 1 || k > reference.shape[0]) {
    throw new Error(`k = ${k} must be a whole number from 1 to the ${reference.shape[0]} reference rows.`);
  }
  return reduceDistanceBlocks(queries, reference, (squared) => {
    // Stryker disable next-line ConditionalExpression: a shortcut; topk gives the same nearest distances
    if (k === 1) return tf.sqrt(tf.min(squared, 1)) as tf.Tensor1D; // much faster than topk
    const kSmallest = tf.topk(tf.neg(squared), k).values; // [block, k], largest first, so the k-th is last
    return tf.sqrt(tf.neg(kSmallest.slice([0, k - 1], [-1, 1])).reshape([-1])) as tf.Tensor1D;
  });
}

/**
 * ‖q − r‖² = ‖q‖² − 2 q·r + ‖r‖² as one product [−2q, ‖q‖², 1]·[r, 1, ‖r‖²]ᵀ, which is much faster than broadcast
 * additions; clipped at 0 where float32 rounding dips below.
 */
function squaredDistancesToColumns(queries: tf.Tensor2D, columns: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const norms = tf.square(queries).sum(1, true); // [m, 1]
    return tf.relu(tf.matMul(tf.concat([queries.mul(-2), norms, tf.onesLike(norms)], 1), columns)) as tf.Tensor2D;
  });
}

/** [r, 1, ‖r‖²]ᵀ, [features + 2, n]: transposed once, since a matMul with transposeB is ~20× slower on wasm. */
function referenceColumns(reference: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const norms = tf.square(reference).sum(1, true); // [n, 1]
    return tf.concat([reference, tf.onesLike(norms), norms], 1).transpose();
  });
}
