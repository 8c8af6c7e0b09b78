// Training the convolutional VAE (src/models/vae.ts) in the shared loop: the step from steps.ts made repeatable by
// the run's seeds, and the test negative ELBO after each epoch.
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, LabelledImages } from '../data';
import { datasetNegativeElbo } from '../metrics';
import { buildConvVae, Vae } from '../models';
import { Trainer } from './loop';
import { withSeed } from './seeded';
import { vaeStep } from './steps';

export type VaeTrainer = Trainer & { vae: Vae };

/** A Trainer for a conv VAE with Adam(1e-3) that reports the negative ELBO (nats per image) of `test` after each epoch. */
export function vaeTrainer(options: { latentDim: number; seed: number; test: LabelledImages }): VaeTrainer {
  const { latentDim, seed, test } = options;
  const vae = withSeed(seed, () => buildConvVae(latentDim));
  const optimizer = tf.train.adam(1e-3);
  return {
    kind: 'vae',
    settings: { latentDim },
    vae,
    networks: { encoder: vae.encoder, decoder: vae.decoder },
    optimizers: { vae: optimizer },
    range: 'unit',
    async step({ images }, stepSeed) {
      return { negElbo: withSeed(stepSeed, () => vaeStep(vae, optimizer, images)) };
    },
    async evaluate() {
      const images = imagesToTensor(test, Array.from({ length: test.count }, (_, i) => i), 'unit');
      const elbo = datasetNegativeElbo((x) => encode(vae, x), (z) => vae.decoder.predict(z) as tf.Tensor, images,
        { batchSize: 500, seed: seed + 1 });
      images.dispose();
      return { testNegElbo: elbo.negativeElbo, testReconstruction: elbo.reconstruction, testKl: elbo.kl };
    },
  };
}

/** The posterior q(z|x) = N(mu, diag exp(logVar)) of each image, in inference mode. */
export function encode(vae: Vae, images: tf.Tensor): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
  const [mu, logVar] = vae.encoder.predict(images) as tf.Tensor2D[];
  return { mu, logVar };
}
