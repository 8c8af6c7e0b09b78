// The GAN variants of chapter 08, all on the MLP GAN of src/models/gan.ts so that they differ from it in one thing each:
// a spectrally normalised discriminator (SN-GAN), and a generator told which digit to draw with a discriminator that
// also names the digit (AC-GAN, Odena et al. 2017, https://arxiv.org/abs/1610.09585). The Wasserstein critics need no
// builder of their own: the MLP GAN's discriminator already returns an unbounded score.
import * as tf from '@tensorflow/tfjs';
import { buildMlpGan, Gan } from './gan';
import { SpectralDense } from './spectral-norm';

export const DIGITS = 10;

/** The MLP GAN with every dense layer of its discriminator spectrally normalised: D 784 → 256 → 256 → 1. */
export function buildSnMlpGan(latentDim: number): Gan {
  const { generator } = buildMlpGan(latentDim);
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [
      new SpectralDense({ units: 256, inputShape: [784] }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      new SpectralDense({ units: 256 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      new SpectralDense({ units: 1 }),
    ],
  });
  return { generator, discriminator, latentDim };
}

export interface AcGan {
  /** [z [batch, latentDim], one-hot digit [batch, 10]] → flattened images [batch, 784] in [-1, 1]. */
  generator: tf.LayersModel;
  /** flattened images → [real-or-fake logit [batch, 1], digit logits [batch, 10]]. */
  discriminator: tf.LayersModel;
  latentDim: number;
}

/** AC-GAN on the MLP GAN's layer sizes: G takes z beside a one-hot digit; D shares its trunk between its two heads. */
export function buildAcGan(latentDim: number): AcGan {
  const hidden = (x: tf.SymbolicTensor, name: string) =>
    tf.layers.leakyReLU({ alpha: 0.2 }).apply(tf.layers.dense({ units: 256, name }).apply(x)) as tf.SymbolicTensor;
  const z = tf.input({ shape: [latentDim], name: 'z' });
  const digit = tf.input({ shape: [DIGITS], name: 'digit' });
  const joined = tf.layers.concatenate().apply([z, digit]) as tf.SymbolicTensor; // [batch, latentDim + 10]
  const image = tf.layers
    .dense({ units: 784, activation: 'tanh', name: 'image' })
    .apply(hidden(hidden(joined, 'g1'), 'g2')) as tf.SymbolicTensor;
  const generator = tf.model({ name: 'generator', inputs: [z, digit], outputs: image });
  const x = tf.input({ shape: [784], name: 'x' });
  const trunk = hidden(hidden(x, 'd1'), 'd2');
  const source = tf.layers.dense({ units: 1, name: 'source' }).apply(trunk) as tf.SymbolicTensor;
  const classes = tf.layers.dense({ units: DIGITS, name: 'classes' }).apply(trunk) as tf.SymbolicTensor;
  const discriminator = tf.model({ name: 'discriminator', inputs: x, outputs: [source, classes] });
  return { generator, discriminator, latentDim };
}

/** One-hot rows for the digits asked for; a digit outside 0–9 (or not whole) is an error that names it. */
export function digitCodes(digits: number[]): tf.Tensor2D {
  const wrong = digits.find((d) => !Number.isInteger(d) || d < 0 || d >= DIGITS);
  if (wrong !== undefined) {
    throw new RangeError(
      `a conditional model of MNIST draws the digits 0 to 9, but digit ${wrong} was asked for; ask for a whole number from 0 to 9.`,
    );
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(digits, 'int32'), DIGITS).toFloat() as tf.Tensor2D);
}
