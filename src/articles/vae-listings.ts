// The VAEs of the articles (listings L3, L6, L9; summary.ts gives each one's source), rebuilt with tf.layers so their faults can be run. Teaching
// material; the project's own VAEs are in models/.
import * as tf from '@tensorflow/tfjs';
import { Version } from './shapes';

const codeSize = 20; // 000's latent dimension

/** Conv2D (3×3, stride 2, "same") + LeakyReLU + Dropout: one down-sampling stage of 000's encoder. */
function encoderStage(filters: number, inputShape?: number[]): tf.layers.Layer[] {
  return [
    tf.layers.conv2d({ inputShape, filters, kernelSize: 3, strides: 2, padding: 'same' }),
    tf.layers.leakyReLU(),
    tf.layers.dropout({ rate: 0.3 }),
  ];
}

/**
 * L3, 000 §5.2.2 encoder. As written, a Sequential model stacks the "mean" and "log-variance" Dense layers, so it has
 * one output and log σ² is computed from the mean. Corrected, both heads read the same 1024 features: outputs [μ, log σ²].
 */
export function listing3Encoder(version: Version): tf.LayersModel {
  const trunk = [
    ...encoderStage(32, [28, 28, 1]), // [b, 14, 14, 32]
    ...encoderStage(64), // [b, 7, 7, 64]
    ...encoderStage(64), // [b, 4, 4, 64]: ⌈7/2⌉ = 4
    tf.layers.flatten(), // [b, 1024]
  ];
  if (version === 'asWritten') {
    return tf.sequential({
      layers: [...trunk, tf.layers.dense({ units: codeSize }), tf.layers.dense({ units: codeSize })],
    });
  }
  const image = tf.input({ shape: [28, 28, 1] });
  const features = trunk.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, image);
  const mu = tf.layers.dense({ units: codeSize }).apply(features) as tf.SymbolicTensor; // [b, 20]
  const logVar = tf.layers.dense({ units: codeSize }).apply(features) as tf.SymbolicTensor; // [b, 20]
  return tf.model({ inputs: image, outputs: [mu, logVar] });
}

/** ConvTranspose (4×4, "same") + LeakyReLU + Dropout: one up-sampling stage of 000's decoder. */
function decoderStage(filters: number, strides: number): tf.layers.Layer[] {
  return [
    tf.layers.conv2dTranspose({ filters, kernelSize: 4, strides, padding: 'same' }),
    tf.layers.leakyReLU(),
    tf.layers.dropout({ rate: 0.3 }),
  ];
}

/**
 * L3's decoder. As written, three stride-2 transposed convs take 7×7 to 56×56; corrected, the third has stride 1 and
 * the output is 28×28×1 (sigmoid pixel means).
 */
export function listing3Decoder(version: Version): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [codeSize], units: 7 * 7 * 64 }), // [b, 3136]
      tf.layers.leakyReLU(),
      tf.layers.reshape({ targetShape: [7, 7, 64] }),
      ...decoderStage(64, 2), // [b, 14, 14, 64]
      ...decoderStage(64, 2), // [b, 28, 28, 64]
      ...decoderStage(32, version === 'asWritten' ? 2 : 1), // as written [b, 56, 56, 32]; corrected [b, 28, 28, 32]
      tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }), // [b, 56, 56, 1] or [b, 28, 28, 1]
    ],
  });
}

/**
 * L3's `vae_loss` as written: Keras's binary cross-entropy averages over the channel axis only, leaving [b, 28, 28],
 * and the KL is [b]; adding them broadcasts 28 against the batch size and fails unless the batch is 1 or 28.
 */
export function listing3LossAsWritten(
  x: tf.Tensor4D,
  xMean: tf.Tensor4D,
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
): tf.Scalar {
  return tf.tidy(() => {
    const reconstruction = tf.metrics.binaryCrossentropy(x, xMean); // [b, 28, 28]
    const kl = tf.add(1, logVar).sub(tf.square(mu)).sub(tf.exp(logVar)).sum(-1).mul(-0.5); // [b]
    return tf.add(reconstruction, kl).mean() as tf.Scalar;
  });
}

// L6's sizes: the listing's 100-step sequences and 100-unit LSTMs; it has no vocabulary, so we choose one.
const sequenceLength = 100;
const lstmUnits = 100;
const vocabularySize = 1000;
const embeddingSize = 64;
const textCodeSize = 32;
// tfjs builds the default orthogonal recurrent kernel slowly (seconds per LSTM); Glorot keeps building instant.
const recurrentInitializer = 'glorotUniform';

/**
 * L6, 001-ext LSTM text "VAE" as written: a 100-d vector goes straight into an LSTM, which needs [steps, features]
 * per example, so building it throws (tfjs: "expected ndim=3, found ndim=2").
 */
export function listing6AsWritten(): tf.LayersModel {
  const latent = tf.input({ shape: [lstmUnits] }); // [b, 100]: rank 2
  const encoded = tf.layers.lstm({ units: lstmUnits, recurrentInitializer }).apply(latent) as tf.SymbolicTensor;
  const decoded = tf.layers
    .lstm({ units: lstmUnits, returnSequences: true, recurrentInitializer })
    .apply(encoded) as tf.SymbolicTensor;
  return tf.model({ inputs: latent, outputs: decoded });
}

/**
 * L6 corrected, the encoder of a sequence VAE (Bowman et al. 2016, https://arxiv.org/abs/1511.06349):
 * token ids [b, 100] → embeddings [b, 100, 64] → LSTM [b, 100] → μ and log σ² [b, 32].
 */
export function listing6Encoder(): tf.LayersModel {
  const tokens = tf.input({ shape: [sequenceLength] });
  let x = tf.layers
    .embedding({ inputDim: vocabularySize, outputDim: embeddingSize })
    .apply(tokens) as tf.SymbolicTensor; // [b, 100, 64]
  x = tf.layers.lstm({ units: lstmUnits, recurrentInitializer }).apply(x) as tf.SymbolicTensor; // [b, 100]
  const mu = tf.layers.dense({ units: textCodeSize }).apply(x) as tf.SymbolicTensor; // [b, 32]
  const logVar = tf.layers.dense({ units: textCodeSize }).apply(x) as tf.SymbolicTensor; // [b, 32]
  return tf.model({ inputs: tokens, outputs: [mu, logVar] });
}

/**
 * L6 corrected, the decoder: z [b, 32] is repeated at every step so the LSTM gets rank-3 input, and each step ends in
 * a softmax over the vocabulary [b, 100, 1000], trained with token cross-entropy plus the KL (not MSE).
 */
export function listing6Decoder(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.repeatVector({ inputShape: [textCodeSize], n: sequenceLength }), // [b, 100, 32]
      tf.layers.lstm({ units: lstmUnits, returnSequences: true, recurrentInitializer }), // [b, 100, 100]
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: vocabularySize, activation: 'softmax' }) }), // [b, 100, 1000]
    ],
  });
}

/**
 * L9, 002 §4.3 toy encoder as written: it constructs its Dense layers inside the function, so every call starts from
 * fresh random weights and nothing it learns survives to the next call. Returns [μ, σ] for 2-d points.
 */
export function listing9EncodeAsWritten(x: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const head = () => tf.layers.dense({ units: 2, activation: 'sigmoid', useBias: false });
  return [head().apply(x) as tf.Tensor2D, head().apply(x) as tf.Tensor2D];
}
