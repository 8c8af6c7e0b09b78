// Stochastic binarisation: each grey pixel becomes 1 with probability equal to its value, else 0. On binary images a
// Bernoulli decoder is a true probability model (its likelihoods sum to 1 over all 2⁷⁸⁴ images), so log p(x) is a
// code length; on grey images it is only a pseudo-likelihood.
import * as tf from '@tensorflow/tfjs';
import { uniformRng } from '../maths';
import { imagesToTensor } from './batches';
import { LabelledImages } from './load';

/** The seed with which a test set is binarised once, so every binarised model is scored on the same binary digits. */
export const TEST_BINARISATION_SEED = 0;

/**
 * One draw of binary images from grey images with pixels in [0, 1], fixed by `seed`. The draws run over the pixels
 * in order, so the first n images of a set binarise alone exactly as they do within the whole set.
 */
export function binarise<T extends tf.Tensor>(images: T, seed: number): T {
  const grey = images.dataSync();
  const random = uniformRng(`genlab:binarise:${seed}`);
  const binary = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const p = grey[i];
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`binarise needs pixels in [0, 1] (batches' 'unit' range); pixel ${i} is ${p}.`);
    }
    binary[i] = random() < p ? 1 : 0; // random() is in [0, 1): black stays 0, white stays 1
  }
  return tf.tensor(binary, images.shape, 'float32') as T;
}

/** The whole of `set` as binary images [n, 28, 28, 1], binarised once with TEST_BINARISATION_SEED. */
export function binarisedImages(set: LabelledImages): tf.Tensor4D {
  const grey = imagesToTensor(
    set,
    Array.from({ length: set.count }, (_, i) => i),
    'unit',
  );
  try {
    return binarise(grey, TEST_BINARISATION_SEED);
  } finally {
    grey.dispose();
  }
}
