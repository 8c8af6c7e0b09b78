// The two GANs of the course (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661). Generators end in
// tanh, so real images are scaled to [-1, 1]; discriminators return one logit per image.
import * as tf from '@tensorflow/tfjs';

export interface Gan {
  /** z [batch, latentDim] → images in [-1, 1]. */
  generator: tf.LayersModel;
  /** images → logits [batch, 1]. */
  discriminator: tf.LayersModel;
  latentDim: number;
}

/** DCGAN the size of the TensorFlow tutorial, https://www.tensorflow.org/tutorials/generative/dcgan
 *  (Keras defaults kept: LeakyReLU slope 0.3, batch-norm momentum 0.99 and ε 1e-3). */
export function buildDcgan(latentDim: number): Gan {
  const upsample = (filters: number, strides: number) => [
    tf.layers.conv2dTranspose({ filters, kernelSize: 5, strides, padding: 'same', useBias: false }),
    tf.layers.batchNormalization(),
    tf.layers.leakyReLU(),
  ];
  const generator = tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 256, useBias: false }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU(),
      tf.layers.reshape({ targetShape: [7, 7, 256] }),
      ...upsample(128, 1), // [batch, 7, 7, 128]
      ...upsample(64, 2), // [batch, 14, 14, 64]
      tf.layers.conv2dTranspose({
        filters: 1,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        useBias: false,
        activation: 'tanh',
      }), // [batch, 28, 28, 1]
    ],
  });
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 5, strides: 2, padding: 'same' }), // [batch, 14, 14, 64]
      tf.layers.leakyReLU(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }), // [batch, 7, 7, 128]
      tf.layers.leakyReLU(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
  });
  return { generator, discriminator, latentDim };
}

/** MLP GAN on flattened images: G 100 → 256 → 256 → 784 (tanh), D 784 → 256 → 256 → 1, LeakyReLU 0.2. */
export function buildMlpGan(latentDim: number): Gan {
  const hidden = (inputShape?: number[]) => [
    tf.layers.dense({ units: 256, inputShape }),
    tf.layers.leakyReLU({ alpha: 0.2 }),
  ];
  const generator = tf.sequential({
    name: 'generator',
    layers: [...hidden([latentDim]), ...hidden(), tf.layers.dense({ units: 784, activation: 'tanh' })],
  });
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [...hidden([784]), ...hidden(), tf.layers.dense({ units: 1 })],
  });
  return { generator, discriminator, latentDim };
}
