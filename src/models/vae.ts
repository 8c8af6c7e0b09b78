// The two VAEs of the course (Kingma & Welling 2013, https://arxiv.org/abs/1312.6114). The encoder maps an
// image to the mean and log-variance of q(z|x); the decoder maps a latent code to Bernoulli logits per pixel.
import * as tf from '@tensorflow/tfjs';

export interface Vae {
  /** x → [μ, log σ²], each [batch, latentDim]. */
  encoder: tf.LayersModel;
  /** z → logits shaped like x. */
  decoder: tf.LayersModel;
  latentDim: number;
}

/** Two parallel Dense heads on the same features: the mean and the log-variance of q(z|x). */
function gaussianHeads(features: tf.SymbolicTensor, latentDim: number): tf.SymbolicTensor[] {
  const mu = tf.layers.dense({ units: latentDim, name: 'mu' }).apply(features) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: latentDim, name: 'log_var' }).apply(features) as tf.SymbolicTensor;
  return [mu, logVar];
}

/** Convolutional VAE for 28×28×1 images: two stride-2 convs down, two stride-2 transposed convs up. */
export function buildConvVae(latentDim: number): Vae {
  const image = tf.input({ shape: [28, 28, 1] });
  let h = tf.layers
    .conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
    .apply(image) as tf.SymbolicTensor; // [batch, 14, 14, 32]
  h = tf.layers
    .conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
    .apply(h) as tf.SymbolicTensor; // [batch, 7, 7, 64]
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor; // [batch, 3136]
  const encoder = tf.model({ inputs: image, outputs: gaussianHeads(h, latentDim), name: 'encoder' });

  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 64, activation: 'relu' }),
      tf.layers.reshape({ targetShape: [7, 7, 64] }),
      tf.layers.conv2dTranspose({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }), // [batch, 14, 14, 64]
      tf.layers.conv2dTranspose({ filters: 32, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }), // [batch, 28, 28, 32]
      tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }), // logits [batch, 28, 28, 1]
    ],
  });
  return { encoder, decoder, latentDim };
}

/** MLP VAE on flattened images: 784 → 400 → (μ, log σ²), and 20 → 400 → 784 logits. */
export function buildMlpVae(latentDim: number): Vae {
  const image = tf.input({ shape: [784] });
  const h = tf.layers.dense({ units: 400, activation: 'relu' }).apply(image) as tf.SymbolicTensor;
  const encoder = tf.model({ inputs: image, outputs: gaussianHeads(h, latentDim), name: 'encoder' });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 400, activation: 'relu' }),
      tf.layers.dense({ units: 784 }),
    ],
  });
  return { encoder, decoder, latentDim };
}
