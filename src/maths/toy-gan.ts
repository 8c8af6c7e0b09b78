// A GAN small enough to watch: 1-D noise, 1-D data from a Gaussian mixture, two one-hidden-layer MLPs. It trains in
// seconds on a CPU, so the chapter can compare generator losses from identical starting points (H7).
import * as tf from '@tensorflow/tfjs';
import { discriminatorLoss } from '../losses';
import { GaussianComponent, sampleMixture } from './densities';
import { normalRng, tfSeed } from './random';

/** A generator loss computed from the discriminator's logits on fakes (see src/losses/gan.ts). */
export type GeneratorLoss = (fakeLogits: tf.Tensor) => tf.Scalar;

/** How many samples a run draws from the trained generator: enough for a histogram. */
export const FINAL_SAMPLE_COUNT = 1000;

export interface ToyGanConfig {
  steps: number; // each step: one discriminator update, then one generator update
  batchSize: number;
  hiddenUnits: number; // width of the single hidden layer of both networks
  learningRate: number; // Adam with β₁ = 0.5 for both networks, as in DCGAN
  discriminatorWarmupSteps: number; // D-only updates first, so D starts out rejecting the fakes confidently
  seed: number; // a whole number ≥ 1; fixes the initial weights, the noise and the data batches
}

export interface ToyGanRun {
  generatorGradientNorm: number[]; // ‖∂L_G/∂θ_G‖ per step
  meanDOfFake: number[]; // mean D(G(z)) per step, before the generator update
  samples: number[]; // G(z) for FINAL_SAMPLE_COUNT fresh noise values after training
}

/** d/da of a generator loss at each fake logit a: −σ(a) for the saturating loss, −(1 − σ(a)) for the other. */
export function generatorLossLogitGradient(loss: GeneratorLoss, logits: number[]): number[] {
  return tf.tidy(() => {
    // The losses average over the batch; scaling by n gives the per-logit derivative.
    const gradient = tf.grad((a: tf.Tensor) => loss(a).mul(logits.length))(tf.tensor1d(logits));
    return Array.from(gradient.dataSync());
  });
}

/** A one-hidden-layer MLP from 1 input to 1 output: relu(x·w1 + b1)·w2 + b2. */
export interface Mlp {
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/** A variable whose initial tensor is released (tidy keeps only the variable it returns). */
const variable = (initialValue: () => tf.Tensor) => tf.tidy(() => tf.variable(initialValue()));

/** Initial weights from the tfjs seeds seed, seed + 1 and seed + 2 (none may be 0, which tfjs takes as no seed). */
export function createMlp(hiddenUnits: number, seed: number): Mlp {
  const [w1Seed, b1Seed, w2Seed] = [seed, seed + 1, seed + 2].map(tfSeed); // refused before any variable exists
  // He-style scale (√2) for the ReLU layer, 1/√fan-in for the output layer.
  return {
    w1: variable(() => tf.randomNormal([1, hiddenUnits], 0, Math.SQRT2, 'float32', w1Seed)),
    b1: variable(() => tf.randomNormal([hiddenUnits], 0, 0.5, 'float32', b1Seed)),
    w2: variable(() => tf.randomNormal([hiddenUnits, 1], 0, 1 / Math.sqrt(hiddenUnits), 'float32', w2Seed)),
    b2: variable(() => tf.zeros([1])),
  };
}

function applyMlp(net: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  return tf.relu(x.matMul(net.w1).add(net.b1)).matMul(net.w2).add(net.b2); // [batch, 1]
}

const variablesOf = (net: Mlp) => [net.w1, net.b1, net.w2, net.b2];

function column(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1]);
}

/**
 * Trains the 1-D GAN with the given generator loss; the same config gives the same initial state for every loss. Its
 * updates are written here rather than with ganStep (src/training/steps.ts): the networks are bare variables, not
 * layers models, and the generator step must read its gradient's norm (H7) between computing and applying it.
 */
export function trainToyGan(data: GaussianComponent[], generatorLoss: GeneratorLoss, config: ToyGanConfig): ToyGanRun {
  if (!Number.isInteger(config.seed) || config.seed < 1) {
    throw new Error(
      `seed = ${config.seed}; pass a whole number from 1 up (tfjs ops take a seed of 0 as no seed, ` +
        'so some of the weights would come out different on every run).',
    );
  }
  const generator = createMlp(config.hiddenUnits, config.seed);
  const discriminator = createMlp(config.hiddenUnits, config.seed + 10);
  const optimizerG = tf.train.adam(config.learningRate, 0.5); // one optimiser per network
  const optimizerD = tf.train.adam(config.learningRate, 0.5);
  const noise = normalRng(config.seed + 20);
  const drawNoise = () => column(Array.from({ length: config.batchSize }, noise));
  const generatorGradientNorm: number[] = [];
  const meanDOfFake: number[] = [];

  let batchIndex = 0;
  const trainDiscriminator = () =>
    tf.tidy(() => {
      // sampleMixture uses seeds s and s + 1, so batch seeds are spaced by 2.
      const real = column(sampleMixture(data, config.batchSize, config.seed + 1000 + 2 * batchIndex++));
      const fake = applyMlp(generator, drawNoise());
      optimizerD.minimize(
        () => discriminatorLoss(applyMlp(discriminator, real), applyMlp(discriminator, fake)),
        // Stryker disable next-line BooleanLiteral: the cost it would return is released by the enclosing tidy
        false,
        variablesOf(discriminator),
      );
    });

  for (let step = 0; step < config.discriminatorWarmupSteps; step++) trainDiscriminator();
  for (let step = 0; step < config.steps; step++) {
    trainDiscriminator();
    tf.tidy(() => {
      const z = drawNoise();
      meanDOfFake.push(
        tf
          .sigmoid(applyMlp(discriminator, applyMlp(generator, z)))
          .mean()
          .dataSync()[0],
      );
      const { grads } = tf.variableGrads(
        () => generatorLoss(applyMlp(discriminator, applyMlp(generator, z))),
        variablesOf(generator),
      );
      generatorGradientNorm.push(
        Math.sqrt(Object.values(grads).reduce((sum, g) => sum + g.square().sum().dataSync()[0], 0)),
      );
      optimizerG.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    });
  }
  const finalNoise = Array.from({ length: FINAL_SAMPLE_COUNT }, noise);
  const samples = tf.tidy(() => Array.from(applyMlp(generator, column(finalNoise)).dataSync()));
  tf.dispose([...variablesOf(generator), ...variablesOf(discriminator)]);
  optimizerG.dispose();
  optimizerD.dispose();
  return { generatorGradientNorm, meanDOfFake, samples };
}
