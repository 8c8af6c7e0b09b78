// One optimisation step for a VAE and for a GAN. Each returns its losses as plain numbers and leaves no
// tensor behind. tfjs Adam keeps its moment estimates by position in the variable list, so each network
// (the VAE as a whole, the generator, the discriminator) needs an optimiser of its own.
import * as tf from '@tensorflow/tfjs';
import { correctGanLosses, GanLosses } from '../losses';
import { reparameterise, vaeLoss, VaeLossOptions } from '../losses';
import type { Gan } from '../models';
import type { Vae } from '../models';

const trainable = (...models: tf.LayersModel[]): tf.Variable[] =>
  models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));

/** Minimises the loss over `variables` and returns the loss before the update. */
function minimise(optimizer: tf.Optimizer, variables: tf.Variable[], loss: () => tf.Scalar): number {
  const value = optimizer.minimize(loss, true, variables) as tf.Scalar;
  const result = value.dataSync()[0];
  value.dispose();
  return result;
}

/** One step on the VAE loss of a batch x, shaped as the encoder's input; by default the negative ELBO (nats per image). */
export function vaeStep(vae: Vae, optimizer: tf.Optimizer, x: tf.Tensor, loss: VaeLossOptions = {}): number {
  return minimise(optimizer, trainable(vae.encoder, vae.decoder), () => {
    const [mu, logVar] = vae.encoder.apply(x, { training: true }) as tf.Tensor2D[];
    const logits = vae.decoder.apply(reparameterise(mu, logVar), { training: true }) as tf.Tensor;
    return vaeLoss(x, logits, mu, logVar, loss);
  });
}

export interface GanOptimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

export interface GanStepLosses {
  discriminator: number;
  generator: number;
}

export interface GanStepOptions {
  /** Generator steps after each discriminator step (default 1). */
  generatorSteps?: number;
  /** The losses of the two steps; by default the correct ones. Chapter 12 passes the articles' faulty ones. */
  losses?: GanLosses;
  /**
   * Draw D's fakes before its step, outside the gradient, as the articles' Keras listings do (generator.predict, then
   * train_on_batch). The same update; tfjs computes it with other kernels (it fuses a layer's bias and activation only
   * outside a gradient), so the numbers differ in the last bits, which over a run change its course.
   */
  detachedFakes?: boolean;
}

/** The two losses of an adversarial step; each draws the noise and fakes it needs when it is called. */
export interface AdversarialLosses {
  discriminator: () => tf.Scalar;
  generator: () => tf.Scalar;
}

/**
 * One discriminator step, then `generatorSteps` generator steps, each minimising its loss over its own network's
 * weights with that network's optimiser. Returns the losses before the updates (the generator's averaged over its
 * steps). ganStep and the AC-GAN (whose losses add a class term) share it.
 */
export function adversarialStep(
  networks: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  optimizers: GanOptimizers,
  losses: AdversarialLosses,
  generatorSteps = 1,
): GanStepLosses {
  if (!Number.isInteger(generatorSteps) || generatorSteps < 1) {
    throw new RangeError(`generatorSteps must be a positive whole number, got ${generatorSteps}.`);
  }
  const discriminator = minimise(optimizers.discriminator, trainable(networks.discriminator), losses.discriminator);
  let generatorSum = 0;
  for (let i = 0; i < generatorSteps; i++) {
    generatorSum += minimise(optimizers.generator, trainable(networks.generator), losses.generator);
  }
  return { discriminator, generator: generatorSum / generatorSteps };
}

/**
 * One discriminator step on real images (in [-1, 1]) and fresh fakes, then `generatorSteps` generator steps (the
 * non-saturating loss by default), each on fresh noise. The generator loss returned is the mean over those steps.
 */
export function ganStep(
  gan: Gan,
  optimizers: GanOptimizers,
  real: tf.Tensor,
  options: GanStepOptions = {},
): GanStepLosses {
  const { generatorSteps = 1, losses = correctGanLosses, detachedFakes = false } = options;
  const batchSize = real.shape[0];
  const fakes = () => gan.generator.apply(tf.randomNormal([batchSize, gan.latentDim]), { training: true }) as tf.Tensor;
  const logits = (images: tf.Tensor) => gan.discriminator.apply(images, { training: true }) as tf.Tensor;
  const detached = detachedFakes ? tf.tidy(fakes) : undefined;
  try {
    return adversarialStep(
      gan,
      optimizers,
      {
        discriminator: () => losses.discriminator(logits(real), logits(detached ?? fakes())),
        generator: () => losses.generator(logits(fakes())),
      },
      generatorSteps,
    );
  } finally {
    detached?.dispose();
  }
}
