// k-NN precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric for Assessing
// Generative Models", https://arxiv.org/abs/1904.06991). Each set's support is estimated as the union of balls around
// its points, each reaching the point's k-th nearest neighbour in the same set. Precision is the share of generated
// points inside the real support (quality); recall is the share of real points inside the generated one (coverage).
import * as tf from '@tensorflow/tfjs';
import { FeatureMatrix, realAndGeneratedTensors } from './features';
import { kthNearestDistances, reduceDistanceBlocks } from './nearest-neighbours';

export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** k-NN precision and recall of generated features against real ones; the paper uses k = 3. */
export function knnPrecisionRecall(real: FeatureMatrix, generated: FeatureMatrix, k = 3): PrecisionRecall {
  const [realFeatures, generatedFeatures] = realAndGeneratedTensors(real, generated);
  try {
    return {
      precision: shareInsideSupport(generatedFeatures, realFeatures, k),
      recall: shareInsideSupport(realFeatures, generatedFeatures, k),
    };
  } finally {
    tf.dispose([realFeatures, generatedFeatures]);
  }
}

/** The share of query rows within the k-NN radius of at least one support row. */
function shareInsideSupport(queries: tf.Tensor2D, support: tf.Tensor2D, k: number): number {
  if (support.shape[0] <= k) {
    throw new Error(`k = ${k} needs more than ${k} points in each set, but one has ${support.shape[0]}.`);
  }
  // Each point is its own nearest neighbour at distance 0, so its k-th neighbour among the others is the (k+1)-th.
  const radii = kthNearestDistances(support, support, k + 1);
  const squaredRadii = tf.tensor1d(radii.map((r) => r * r));
  try {
    // q is inside the ball around s when ‖q − s‖² − r(s)² ≤ 0; inside the union when the smallest such value is.
    const closestMargins = reduceDistanceBlocks(
      queries,
      support,
      (squared) => tf.min(squared.sub(squaredRadii), 1) as tf.Tensor1D,
    );
    return closestMargins.filter((margin) => margin <= 0).length / queries.shape[0];
  } finally {
    squaredRadii.dispose();
  }
}
