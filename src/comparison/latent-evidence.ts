// The measurements that settle H19 on a trained VAE: the aggregate posterior of test digits against the prior, and the
// evaluator's confidence along straight latent paths between test digits of different classes, beside the same pairs
// cross-faded in pixel space.
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, LabelledImages } from '../data';
import {
  aggregatePosterior,
  AggregatePosterior,
  interpolationConfidence,
  InterpolationConfidence,
  pairsOfDifferentClasses,
  straightPath,
} from '../metrics';
import { Vae } from '../models';
import { evaluatorOutputs } from '../evaluator';
import { decodeMeans, encode } from '../training';
import { LatentEvidence } from './claims';

export interface LatentSettings {
  /** The first test digits, encoded: the covariance of d dimensions needs well over d of them. */
  images: number;
  /** Paths between test digits of different classes. */
  pairs: number;
  /** Points per path, both ends included. */
  steps: number;
}

export interface LatentMeasurement {
  posterior: AggregatePosterior;
  pairs: [number, number][];
  latentPaths: InterpolationConfidence;
  pixelPaths: InterpolationConfidence;
  /** One path as a strip: the first digit, the decoded points, the second digit; then the pixel cross-fade likewise. */
  strip: tf.Tensor4D;
  evidence: LatentEvidence;
}

/** Measures H19 on `vae` (named `model` in the claims table); the caller disposes `strip`. */
export function measureLatentSpace(
  vae: Vae,
  evaluator: tf.Sequential,
  test: LabelledImages,
  settings: LatentSettings,
  model: string,
): LatentMeasurement {
  const first = Array.from({ length: settings.images }, (_, i) => i);
  const testImages = imagesToTensor(test, first, 'unit');
  const posterior = aggregatePosterior((x) => encode(vae, x), testImages, 250);
  testImages.dispose();
  const pairs = pairsOfDifferentClasses(Array.from(test.labels).slice(0, settings.images), settings.pairs);
  const fromImages = imagesToTensor(
    test,
    pairs.map((pair) => pair[0]),
    'unit',
  );
  const toImages = imagesToTensor(
    test,
    pairs.map((pair) => pair[1]),
    'unit',
  );
  const flat = (x: tf.Tensor) => x.reshape([x.shape[0], -1]) as tf.Tensor2D;
  const [zFrom, zTo] = tf.tidy(() => [encode(vae, fromImages).mu, encode(vae, toImages).mu]);
  const [pixelsFrom, pixelsTo] = [flat(fromImages), flat(toImages)];
  try {
    const classify = (x: tf.Tensor) => evaluatorOutputs(evaluator, x as tf.Tensor4D).probabilities;
    const latentPaths = interpolationConfidence((z) => decodeMeans(vae, z), classify, zFrom, zTo, settings.steps);
    const pixelPaths = interpolationConfidence(
      (x) => x.reshape([-1, 28, 28, 1]),
      classify,
      pixelsFrom,
      pixelsTo,
      settings.steps,
    );
    const strip = tf.tidy(() =>
      tf.concat([
        fromImages.slice(0, 1),
        decodeMeans(vae, straightPath(zFrom.slice(0, 1), zTo.slice(0, 1), settings.steps)),
        toImages.slice(0, 1),
        fromImages.slice(0, 1),
        straightPath(pixelsFrom.slice(0, 1), pixelsTo.slice(0, 1), settings.steps).reshape([-1, 28, 28, 1]),
        toImages.slice(0, 1),
      ]),
    ) as tf.Tensor4D;
    return {
      posterior,
      pairs,
      latentPaths,
      pixelPaths,
      strip,
      evidence: { model, posterior, interpolation: latentPaths, pixelBlendLowestStepMean: pixelPaths.lowestStepMean },
    };
  } finally {
    tf.dispose([fromImages, toImages, zFrom, zTo, pixelsFrom, pixelsTo]);
  }
}
