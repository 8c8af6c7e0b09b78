// The convolutional GANs of the articles (listings L2, L5, L7, L13; summary.ts gives each one's article and section), rebuilt layer by layer with tf.layers.
// Teaching material: each builder reproduces a listing so its fault can be run; the project's own models are in models/.
import * as tf from '@tensorflow/tfjs';
import { Version } from './shapes';

const latentDim = 100; // every listing draws z from N(0, I) in 100 dimensions
const imageShape = [28, 28, 1];

/** Conv2DTranspose (5×5, "same", no bias) + BatchNorm + LeakyReLU: one up-sampling stage of 000's generator. */
function deconvStage(filters: number, strides: number): tf.layers.Layer[] {
  return [
    tf.layers.conv2dTranspose({ filters, kernelSize: 5, strides, padding: 'same', useBias: false }),
    tf.layers.batchNormalization(),
    tf.layers.leakyReLU(),
  ];
}

/**
 * L2, 000 §5.2.1 DCGAN generator. As written its last Conv2D has stride 2 and halves 28×28 to 14×14;
 * corrected, that conv has stride 1.
 */
export function listing2Generator(version: Version): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 128, useBias: false }), // [b, 6272]
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU(),
      tf.layers.reshape({ targetShape: [7, 7, 128] }),
      ...deconvStage(128, 1), // [b, 7, 7, 128]
      ...deconvStage(128, 2), // [b, 14, 14, 128]
      ...deconvStage(128, 2), // [b, 28, 28, 128]
      tf.layers.conv2d({
        filters: 1,
        kernelSize: 5,
        strides: version === 'asWritten' ? 2 : 1,
        padding: 'same',
        useBias: false,
        activation: 'tanh',
      }), // as written [b, 14, 14, 1]; corrected [b, 28, 28, 1]
    ],
  });
}

/** L2's discriminator, correct as written: two stride-2 convs, then one logit. 28×28×1 → 1. */
export function listing2Discriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: imageShape, filters: 128, kernelSize: 5, strides: 2, padding: 'same' }), // [b, 14, 14, 128]
      tf.layers.leakyReLU(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }), // [b, 7, 7, 128]
      tf.layers.leakyReLU(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.flatten(), // [b, 6272]
      tf.layers.dense({ units: 1 }), // [b, 1] logit
    ],
  });
}

/** L5, 001 §5.2 generator: its shapes are right (28×28×1); the listing's faults are in how it is trained. */
export function listing5Generator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 256, activation: 'relu' }), // [b, 12544]
      tf.layers.reshape({ targetShape: [7, 7, 256] }),
      tf.layers.conv2dTranspose({ filters: 128, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' }), // [b, 7, 7, 128]
      tf.layers.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' }), // [b, 14, 14, 64]
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }), // [b, 28, 28, 1]
    ],
  });
}

/** L5's discriminator: two ReLU convs and a sigmoid probability. 28×28×1 → 1. */
export function listing5Discriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: imageShape,
        filters: 32,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }), // [b, 14, 14, 32]
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' }), // [b, 7, 7, 64]
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.flatten(), // [b, 3136]
      tf.layers.dense({ units: 1, activation: 'sigmoid' }), // [b, 1]
    ],
  });
}

/** L7, 001-ext functional generator: right shapes (28×28×1), three transposed convs. */
export function listing7Generator(): tf.LayersModel {
  const noise = tf.input({ shape: [latentDim] });
  let x = tf.layers.dense({ units: 7 * 7 * 128, activation: 'relu' }).apply(noise) as tf.SymbolicTensor; // [b, 6272]
  x = tf.layers.reshape({ targetShape: [7, 7, 128] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .conv2dTranspose({ filters: 128, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' })
    .apply(x) as tf.SymbolicTensor; // [b, 7, 7, 128]
  x = tf.layers
    .conv2dTranspose({ filters: 128, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' })
    .apply(x) as tf.SymbolicTensor; // [b, 14, 14, 128]
  x = tf.layers
    .conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' })
    .apply(x) as tf.SymbolicTensor; // [b, 28, 28, 1]
  return tf.model({ inputs: noise, outputs: x });
}

/**
 * L7's discriminator. As written, `x = LeakyReLU(alpha=0.01)` assigns the layer instead of applying it, so the next
 * Conv2D receives a layer object where a tensor belongs; building it throws. Corrected, the layer is applied.
 */
export function listing7Discriminator(version: Version): tf.LayersModel {
  const image = tf.input({ shape: imageShape });
  const activate = (x: tf.SymbolicTensor): tf.SymbolicTensor => {
    const leaky = tf.layers.leakyReLU({ alpha: 0.01 });
    // TypeScript rejects the article's mistake at compile time; the cast forces it through so tfjs can show its error.
    return version === 'asWritten' ? (leaky as unknown as tf.SymbolicTensor) : (leaky.apply(x) as tf.SymbolicTensor);
  };
  let x = tf.layers
    .conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' })
    .apply(image) as tf.SymbolicTensor; // [b, 14, 14, 128]
  x = activate(x);
  x = tf.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor; // [b, 7, 7, 128]
  x = activate(x);
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor; // [b, 6272]
  const probability = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor; // [b, 1]
  return tf.model({ inputs: image, outputs: probability });
}

/** Conv2D (3×3, "same") + BatchNorm (momentum 0.8) + ReLU: one stage of 004's generator. */
function convStage(): tf.layers.Layer[] {
  return [
    tf.layers.conv2d({ filters: 128, kernelSize: 3, padding: 'same' }),
    tf.layers.batchNormalization({ momentum: 0.8 }),
    tf.layers.activation({ activation: 'relu' }),
  ];
}

/**
 * L13, 004 §6.2 up-sampling generator. As written its last conv has 3 filters, an RGB image the one-channel
 * discriminator cannot take; corrected, 1 filter.
 */
export function listing13Generator(version: Version): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 128, activation: 'relu' }), // [b, 6272]
      tf.layers.reshape({ targetShape: [7, 7, 128] }),
      tf.layers.upSampling2d({}), // [b, 14, 14, 128]
      ...convStage(),
      tf.layers.upSampling2d({}), // [b, 28, 28, 128]
      ...convStage(),
      ...convStage(),
      ...convStage(),
      ...convStage(),
      tf.layers.conv2d({
        filters: version === 'asWritten' ? 3 : 1,
        kernelSize: 3,
        padding: 'same',
        activation: 'tanh',
      }), // as written [b, 28, 28, 3]
    ],
  });
}

/** L13's discriminator: two "same" convs with no down-sampling, so Flatten hands 100,352 features to one unit. */
export function listing13Discriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: imageShape, filters: 128, kernelSize: 3, padding: 'same' }), // [b, 28, 28, 128]
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.conv2d({ filters: 128, kernelSize: 3, padding: 'same' }), // [b, 28, 28, 128]
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.flatten(), // [b, 100352]
      tf.layers.dense({ units: 1, activation: 'sigmoid' }), // [b, 1]
    ],
  });
}
