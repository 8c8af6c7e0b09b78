// What each compression of a generator costs, judged as chapter 07 judges samples: the evaluator's mean confidence
// (legibility) and class entropy (variety), and the Fréchet distance of its features to real test digits'.
import * as tf from '@tensorflow/tfjs';
import { inBatches } from '../data';
import { asImages } from '../models';
import { classCoverage, FeatureMoments, featureMoments, frechetDistanceOfMoments } from '../metrics';
import { evaluatorOutputsInChunks } from '../evaluator';
import { Compression, compressedWeights, compressionName, storageBits, withWeights } from './weights';

export interface CompressionRow {
  variant: string;
  /** Storage of all the generator's weights in this variant, in megabytes (10⁶ bytes). */
  megabytes: number;
  /** 32-bit storage over this variant's. */
  ratio: number;
  meanConfidence: number;
  classEntropy: number;
  frechet: number;
  /** Mean absolute change of a pixel (in [0, 1]) from the uncompressed generator's image for the same z. */
  pixelChange: number;
}

/** Images per generator call. */
const CHUNK = 200;

/** The generator's images in [0, 1] for each row of z, CHUNK at a time (batch norm in inference mode). */
function generateUnit(generator: tf.LayersModel, z: tf.Tensor2D): tf.Tensor4D {
  return inBatches(z, CHUNK, (rows) => ({
    images: asImages(generator.predict(rows) as tf.Tensor)
      .add(1)
      .div(2),
  })).images as tf.Tensor4D;
}

/** The evaluator's feature moments of real images in [0, 1]: the reference every variant is measured against. */
export function realFeatureMoments(evaluator: tf.Sequential, images: tf.Tensor4D): FeatureMoments {
  const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
  const moments = featureMoments(features.arraySync());
  tf.dispose([probabilities, features]);
  return moments;
}

/** One row per variant, all drawn from the same latent vectors `z` (so differences come from the weights alone). */
export function measureCompression(options: {
  generator: tf.LayersModel;
  evaluator: tf.Sequential;
  real: FeatureMoments;
  z: tf.Tensor2D;
  variants: Compression[];
}): CompressionRow[] {
  const { generator, evaluator, real, z, variants } = options;
  const fullBits = storageBits(generator, { kind: 'none' });
  const reference = generateUnit(generator, z);
  try {
    return variants.map((compression) => {
      const weights = compressedWeights(generator, compression);
      const images = withWeights(generator, weights, () => generateUnit(generator, z));
      tf.dispose(weights);
      const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
      const coverage = classCoverage(probabilities);
      const frechet = frechetDistanceOfMoments(real, featureMoments(features.arraySync()));
      const pixelChange = tf.tidy(() => images.sub(reference).abs().mean().dataSync()[0]);
      tf.dispose([probabilities, features, images]);
      const bits = storageBits(generator, compression);
      return {
        variant: compressionName(compression),
        megabytes: bits / 8e6,
        ratio: fullBits / bits,
        meanConfidence: coverage.meanConfidence,
        classEntropy: coverage.entropy,
        frechet,
        pixelChange,
      };
    });
  } finally {
    reference.dispose();
  }
}

/** The sizes the chapter measures: the float original, 8- and 4-bit kernels, and half or 90 % of each kernel pruned. */
export const COMPRESSION_VARIANTS: Compression[] = [
  { kind: 'none' },
  { kind: 'quantise', bits: 8 },
  { kind: 'quantise', bits: 4 },
  { kind: 'prune', fraction: 0.5 },
  { kind: 'prune', fraction: 0.9 },
];
