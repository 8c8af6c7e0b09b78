// The fully connected GANs of the articles (listings L8, L10, L11; summary.ts gives each one's source), rebuilt with tf.layers. Teaching material.
import * as tf from '@tensorflow/tfjs';
import { Version } from './shapes';

const latentDim = 100;
const imageShape = [28, 28, 1];

/** The corrected generators end by folding 784 pixels into the image the discriminator takes. */
const toImage = () => tf.layers.reshape({ targetShape: imageShape }); // [b, 784] → [b, 28, 28, 1]

/** L8, 002 §3.2 generator: one hidden layer. As written it ends flat, [b, 784]; corrected, reshaped to 28×28×1. */
export function listing8Generator(version: Version): tf.Sequential {
  const layers = [
    tf.layers.dense({ inputShape: [latentDim], units: 128 }), // [b, 128]
    tf.layers.batchNormalization(),
    tf.layers.leakyReLU({ alpha: 0.2 }),
    tf.layers.dense({ units: 784, activation: 'tanh' }), // [b, 784]
  ];
  return tf.sequential({ layers: version === 'asWritten' ? layers : [...layers, toImage()] });
}

/** L8's discriminator: a logistic regression on the pixels, 28×28×1 → 1 probability. */
export function listing8Discriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: imageShape }), // [b, 784]
      tf.layers.dense({ units: 1, activation: 'sigmoid' }), // [b, 1]
    ],
  });
}

/** L10, 002 §5.2 generator: 100 → 128 → 128 → 784 (tanh). As written flat, [b, 784]; corrected, 28×28×1. */
export function listing10Generator(version: Version): tf.Sequential {
  const layers = [
    tf.layers.dense({ inputShape: [latentDim], units: 128, activation: 'relu' }), // [b, 128]
    tf.layers.dense({ units: 128, activation: 'relu' }), // [b, 128]
    tf.layers.dense({ units: 784, activation: 'tanh' }), // [b, 784]
  ];
  return tf.sequential({ layers: version === 'asWritten' ? layers : [...layers, toImage()] });
}

/**
 * L10's discriminator: 28×28×1 → 784 → 128 → 1. As written it ends in a sigmoid probability; corrected it returns the
 * logit, which the project's losses take (a sigmoid inside the cross-entropy is exact where a separate one rounds).
 */
export function listing10Discriminator(version: Version): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: imageShape }), // [b, 784]
      tf.layers.dense({ units: 128, activation: 'relu' }), // [b, 128]
      tf.layers.dense({ units: 1, activation: version === 'asWritten' ? 'sigmoid' : 'linear' }), // [b, 1]
    ],
  });
}

/**
 * L11, 003 §5.2 generator: 100 → 128 → 256 → 512 → 1024, folded into 28×28×1, then a 5×5 tanh conv.
 * As written, 1024 values cannot fill 784 pixels (tfjs accepts the layer graph and fails at the first run) and the
 * "valid" conv would shrink 28×28 to 24×24. Corrected: 784 units, and a "same" conv that keeps 28×28.
 */
export function listing11Generator(version: Version): tf.Sequential {
  const asWritten = version === 'asWritten';
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 128, activation: 'relu' }), // [b, 128]
      tf.layers.dense({ units: 256, activation: 'relu' }), // [b, 256]
      tf.layers.dense({ units: 512, activation: 'relu' }), // [b, 512]
      tf.layers.dense({ units: asWritten ? 1024 : 784, activation: 'relu' }), // [b, 1024] or [b, 784]
      toImage(), // [b, 28, 28, 1]
      tf.layers.conv2d({ filters: 1, kernelSize: 5, padding: asWritten ? 'valid' : 'same', activation: 'tanh' }), // [b, 24, 24, 1] or [b, 28, 28, 1]
    ],
  });
}

/** L11's discriminator: two stride-2 convs, a 1024-unit layer, one probability. LeakyReLU as layers, as tfjs needs. */
export function listing11Discriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: imageShape, filters: 32, kernelSize: 5, strides: 2, padding: 'same' }), // [b, 14, 14, 32]
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same' }), // [b, 7, 7, 64]
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(), // [b, 3136]
      tf.layers.dense({ units: 1024 }), // [b, 1024]
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }), // [b, 1]
    ],
  });
}
