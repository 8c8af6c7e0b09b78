// The five benchmarked models, their training step at batch 64 and their FLOPs, shared by the bench runs.
import * as tf from '@tensorflow/tfjs';
import { buildConvVae, buildDcgan, buildMlpGan, buildMlpVae, Gan, Vae } from '../src/models';
import { classifierTrainer } from '../src/training/classifier';
import { GAN_DEFAULTS, VAE_DEFAULTS } from '../src/training/settings';
import { ganStep, vaeStep } from '../src/training/steps';

export const batchSize = 64; // as bench/reference.py's BATCH

export interface BenchModel {
  name: string;
  /** Multiply-adds ×2 of the matmuls and convolutions in one training step. */
  flopsPerStep: number;
  /** Runs one training step on a fixed batch, finished when it returns (or, for a promise, resolves); call dispose() when done. */
  step(): unknown;
  /** Draws n images from the generator (GAN) or the decoder (VAE); the classifier classifies n images. */
  sample(n: number): tf.Tensor;
  dispose(): void;
}

/** Forward FLOPs per example: 2 × weights × positions each weight is applied at. */
function forwardFlops(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const kernel = layer.getWeights()[0];
    const kind = layer.getClassName();
    if (kind === 'Dense') flops += 2 * kernel.size;
    if (kind === 'Conv2D') {
      const [, height, width] = layer.outputShape as number[];
      flops += 2 * kernel.size * height * width;
    }
    if (kind === 'Conv2DTranspose') {
      const [, height, width] = (layer.input as tf.SymbolicTensor).shape as number[];
      flops += 2 * kernel.size * height * width; // each input pixel is spread by the whole kernel
    }
  }
  return flops;
}

function vaeBench(name: string, vae: Vae, imageShape: number[]): BenchModel {
  const optimizer = tf.train.adam(VAE_DEFAULTS.learningRate, VAE_DEFAULTS.adamBeta1);
  const x = tf.randomUniform([batchSize, ...imageShape]);
  // Forward, then two backward products per layer (input and weight gradients).
  const flopsPerStep = 3 * batchSize * (forwardFlops(vae.encoder) + forwardFlops(vae.decoder));
  return {
    name,
    flopsPerStep,
    step: () => vaeStep(vae, optimizer, x),
    sample: (n) => tf.tidy(() => tf.sigmoid(vae.decoder.predict(tf.randomNormal([n, vae.latentDim])) as tf.Tensor)),
    dispose: () => {
      x.dispose();
      optimizer.dispose();
      vae.encoder.dispose();
      vae.decoder.dispose();
    },
  };
}

function ganBench(name: string, gan: Gan, imageShape: number[]): BenchModel {
  const adam = () => tf.train.adam(GAN_DEFAULTS.learningRate, GAN_DEFAULTS.adamBeta1);
  const optimizers = { generator: adam(), discriminator: adam() };
  const real = tf.randomUniform([batchSize, ...imageShape], -1, 1);
  const [g, d] = [forwardFlops(gan.generator), forwardFlops(gan.discriminator)];
  // D step: G forward, D forward and backward on real and fake (6·D); G step: G and D forward,
  // D input gradients, G backward (3·G + 2·D).
  const flopsPerStep = batchSize * (4 * g + 8 * d);
  return {
    name,
    flopsPerStep,
    step: () => ganStep(gan, optimizers, real),
    sample: (n) => tf.tidy(() => gan.generator.predict(tf.randomNormal([n, gan.latentDim])) as tf.Tensor),
    dispose: () => {
      real.dispose();
      optimizers.generator.dispose();
      optimizers.discriminator.dispose();
      gan.generator.dispose();
      gan.discriminator.dispose();
    },
  };
}

/** The evaluator of notebook 04, trained as classifierTrainer trains it (softmax cross-entropy, Adam). */
function classifierBench(): BenchModel {
  const noTestSet = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, height: 28, width: 28 };
  const trainer = classifierTrainer(noTestSet, 1);
  const batch = {
    images: tf.randomUniform([batchSize, 28, 28, 1]) as tf.Tensor4D,
    labels: tf.tensor1d(
      Array.from({ length: batchSize }, (_, i) => i % 10),
      'int32',
    ),
  };
  return {
    name: 'classifier',
    flopsPerStep: 3 * batchSize * forwardFlops(trainer.model),
    step: () => trainer.step(batch, 0),
    sample: (n) => tf.tidy(() => trainer.model.predict(tf.randomUniform([n, 28, 28, 1])) as tf.Tensor),
    dispose: () => {
      tf.dispose([batch.images, batch.labels]);
      trainer.optimizers.classifier.dispose();
      trainer.model.dispose();
    },
  };
}

export const benchModels: Record<string, () => BenchModel> = {
  'conv VAE': () => vaeBench('conv VAE', buildConvVae(VAE_DEFAULTS.latentDim), [28, 28, 1]),
  DCGAN: () => ganBench('DCGAN', buildDcgan(GAN_DEFAULTS.latentDim), [28, 28, 1]),
  'MLP VAE': () => vaeBench('MLP VAE', buildMlpVae(VAE_DEFAULTS.latentDim), [784]),
  'MLP GAN': () => ganBench('MLP GAN', buildMlpGan(GAN_DEFAULTS.latentDim), [784]),
  classifier: classifierBench,
};
