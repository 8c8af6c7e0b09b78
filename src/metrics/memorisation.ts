// Memorisation: is each sample nearer to the training set than to held-out images? A generator that learned the
// distribution is about as far from both; one that copies training images sits on top of them. This is the idea of
// the data-copying test of Meehan, Chaudhuri & Dasgupta 2020 (https://arxiv.org/abs/2004.05675), in its simplest form.
import * as tf from '@tensorflow/tfjs';
import { FeatureMatrix, assertSameWidth, featureTensor } from './features';
import { kthNearestDistances } from './nearest-neighbours';
import { mean } from '../maths';

export interface Memorisation {
  /** Per sample, the Euclidean distance to its nearest training row. */
  toTrain: Float32Array;
  /** Per sample, the Euclidean distance to its nearest test row. */
  toTest: Float32Array;
  /** mean(toTrain) / mean(toTest): about 1 without memorisation, towards 0 for copies of training images. */
  ratio: number;
}

/**
 * Nearest-neighbour distances of the samples to the training and to the test rows (flattened pixels, or features).
 * Pass equally many of each, since a bigger set has nearer neighbours by chance alone.
 */
export function memorisation(samples: FeatureMatrix, train: FeatureMatrix, test: FeatureMatrix): Memorisation {
  // In a tidy, so that a set failing its checks releases the tensors already made of the sets before it.
  const [toTrain, toTest] = tf.tidy(() => {
    const sampleRows = featureTensor(samples, 'the samples');
    const trainRows = featureTensor(train, 'the training set');
    const testRows = featureTensor(test, 'the test set');
    assertSameWidth([sampleRows.shape[1], trainRows.shape[1]], ['the samples', 'the training set']);
    assertSameWidth([sampleRows.shape[1], testRows.shape[1]], ['the samples', 'the test set']);
    if (trainRows.shape[0] !== testRows.shape[0]) {
      throw new Error(
        `got ${trainRows.shape[0]} training rows but ${testRows.shape[0]} test rows; pass equally many ` +
          '(e.g. the first 10,000 of each), since a bigger set has nearer neighbours by chance alone.',
      );
    }
    return [kthNearestDistances(sampleRows, trainRows, 1), kthNearestDistances(sampleRows, testRows, 1)];
  });
  return { toTrain, toTest, ratio: mean(Array.from(toTrain)) / mean(Array.from(toTest)) };
}
