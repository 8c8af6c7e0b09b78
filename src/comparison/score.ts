// The evaluator's verdict on a run's generated images: which digits, how confidently, how close to real digits in its
// feature space (precision and recall, density and coverage, Fréchet distance), how sharp, and whether they copy
// training images.
import * as tf from '@tensorflow/tfjs';
import { Dataset, imagesToTensor, LabelledImages } from '../data';
import {
  classCoverage,
  densityCoverage,
  frechetDistance,
  knnPrecisionRecall,
  memorisation,
  relativeSharpness,
} from '../metrics';
import { CLASSIFIER_FEATURE_LAYER } from '../models';
import { evaluatorOutputsInChunks } from '../evaluator';
import { SampleScores } from './results';

/** What generated images are compared with: as many real digits as there are samples. */
export interface ScoringReference {
  samples: number;
  /** The first `samples` test digits in [0, 1]. [n, 28, 28, 1] */
  testImages: tf.Tensor4D;
  /** Their evaluator features. [n, 256] */
  testFeatures: tf.Tensor2D;
  /** The same test digits, flattened: memorisation's held-out side. [n, 784] */
  testPixels: tf.Tensor2D;
  /** The first `samples` training digits, flattened: memorisation's training side (every run trains on a prefix). [n, 784] */
  trainPixels: tf.Tensor2D;
}

/** The reference for `samples` generated images; dispose it with disposeScoringReference. */
export function prepareScoringReference(evaluator: tf.Sequential, mnist: Dataset, samples: number): ScoringReference {
  const features = evaluator.getLayer(CLASSIFIER_FEATURE_LAYER).outputShape[1] as number;
  const most = Math.min(mnist.train.count, mnist.test.count);
  if (!Number.isInteger(samples) || samples <= features || samples > most) {
    throw new Error(
      `cannot score ${samples} samples: the Fréchet distance of ${features} evaluator features needs more ` +
        `than ${features} of them, and there are ${most} test digits to compare with; pick a whole number from ` +
        `${features + 1} to ${most} (1,000 for full runs).`,
    );
  }
  const testImages = firstAsTensor(mnist.test, samples);
  const trainImages = firstAsTensor(mnist.train, samples);
  const { probabilities, features: testFeatures } = evaluatorOutputsInChunks(evaluator, testImages);
  probabilities.dispose();
  const flat = (images: tf.Tensor4D) => images.reshape([samples, -1]) as tf.Tensor2D;
  const reference = { samples, testImages, testFeatures, testPixels: flat(testImages), trainPixels: flat(trainImages) };
  trainImages.dispose();
  return reference;
}

export function disposeScoringReference(reference: ScoringReference): void {
  tf.dispose([reference.testImages, reference.testFeatures, reference.testPixels, reference.trainPixels]);
}

/** Scores generated images [n, 28, 28, 1] in [0, 1], n = reference.samples, against the reference's real digits. */
export function scoreSamples(images: tf.Tensor4D, evaluator: tf.Sequential, reference: ScoringReference): SampleScores {
  const n = images.shape[0];
  if (n !== reference.samples) {
    throw new Error(
      `got ${n} samples but the reference holds ${reference.samples} real digits; generate as many ` +
        'samples as the reference was prepared for, since k-NN recall and memorisation depend on the set sizes.',
    );
  }
  const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
  const pixels = images.reshape([n, -1]) as tf.Tensor2D;
  try {
    const classes = classCoverage(probabilities);
    const { precision, recall } = knnPrecisionRecall(reference.testFeatures, features, 3);
    const { density, coverage } = densityCoverage(reference.testFeatures, features, 5);
    return {
      samples: n,
      classEntropy: classes.entropy,
      classesCovered: classes.coveredClasses,
      classShares: classes.classShares,
      meanConfidence: classes.meanConfidence,
      precision,
      recall,
      density,
      coverage,
      frechet: frechetDistance(reference.testFeatures, features),
      relativeSharpness: relativeSharpness(images, reference.testImages),
      memorisationRatio: memorisation(pixels, reference.trainPixels, reference.testPixels).ratio,
    };
  } finally {
    tf.dispose([probabilities, features, pixels]);
  }
}

function firstAsTensor(set: LabelledImages, count: number): tf.Tensor4D {
  return imagesToTensor(
    set,
    Array.from({ length: count }, (_, i) => i),
    'unit',
  );
}
