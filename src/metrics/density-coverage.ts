// Density and coverage (Naeem, Oh, Uh, Choi & Yoo 2020, "Reliable Fidelity and Diversity Metrics for Generative
// Models", https://arxiv.org/abs/2002.09797). Like k-NN precision and recall they put a ball around each real point,
// reaching its k-th nearest real neighbour, but they never build balls around generated points, so an outlying sample
// cannot inflate them, and they count instead of asking "inside the union?":
//   density  = how many real balls hold each sample, over k, averaged over the samples (about 1 when samples are
//              distributed like the real points; above 1 when they crowd into dense real regions; 0 when outside);
//   coverage = the share of real balls that hold at least one sample (at most 1; a sample set that piles onto a few
//              real points covers only the balls around them).
import * as tf from '@tensorflow/tfjs';
import { FeatureMatrix, realAndGeneratedTensors } from './features';
import { kthNearestDistances, reduceDistanceBlocks } from './nearest-neighbours';

export interface DensityCoverage {
  density: number;
  coverage: number;
}

/** Density and coverage of generated features against real ones; the paper recommends k = 5. */
export function densityCoverage(real: FeatureMatrix, generated: FeatureMatrix, k = 5): DensityCoverage {
  const [realFeatures, generatedFeatures] = realAndGeneratedTensors(real, generated);
  try {
    if (!Number.isInteger(k) || k < 1 || realFeatures.shape[0] <= k) {
      throw new Error(
        `k = ${k} must be a whole number below the ${realFeatures.shape[0]} real points (each ball reaches ` +
          `the k-th nearest of the others); use more real points or a smaller k.`,
      );
    }
    // Each real point is its own nearest neighbour at distance 0, so its k-th neighbour among the others is the (k+1)-th.
    const radii = tf.tensor1d(kthNearestDistances(realFeatures, realFeatures, k + 1));
    try {
      // Strictly inside, as in the authors' code: a point on a ball's edge is outside it.
      const ballsHolding = reduceDistanceBlocks(
        generatedFeatures,
        realFeatures,
        (squared) => tf.sqrt(squared).less(radii).sum(1).toFloat() as tf.Tensor1D,
      );
      const nearestSample = reduceDistanceBlocks(
        realFeatures,
        generatedFeatures,
        (squared) => tf.sqrt(tf.min(squared, 1)) as tf.Tensor1D,
      );
      const radiusValues = radii.dataSync();
      const covered = nearestSample.filter((distance, i) => distance < radiusValues[i]).length;
      return {
        density: ballsHolding.reduce((sum, count) => sum + count, 0) / (k * generatedFeatures.shape[0]),
        coverage: covered / realFeatures.shape[0],
      };
    } finally {
      radii.dispose();
    }
  } finally {
    tf.dispose([realFeatures, generatedFeatures]);
  }
}
