// A tiny model in training for tests of the loop and of run folders: a dense classifier of 4×4 images with Adam,
// fast enough to train for a few epochs in a test, real enough to write a checkpoint of weights and optimiser state.
import * as tf from '@tensorflow/tfjs';
import { LabelledImages } from '../../src/data';
import { Trainer } from '../../src/training';

/** 40 random 4×4 "images" in 3 classes: enough for a dense classifier to learn something in a few steps. */
export function tinyData(): LabelledImages {
  const images = Uint8Array.from({ length: 40 * 16 }, (_, i) => (i * 7919) % 256);
  const labels = Uint8Array.from({ length: 40 }, (_, i) => i % 3);
  return { images, labels, count: 40, height: 4, width: 4 };
}

/** A dense softmax classifier on the tiny data; `nanAtStep` makes that step's loss NaN. */
export function tinyTrainer(seed: number, nanAtStep?: number): Trainer {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [4, 4, 1] }),
      tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.01);
  let steps = 0;
  return {
    kind: 'tiny',
    settings: { hidden: 8 },
    networks: { net: model },
    optimizers: { net: optimizer },
    range: 'unit',
    async step({ images, labels }, noiseSeed) {
      steps++;
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            // Noise fixed by the step's seed, as a GAN's z or a VAE's ε would be.
            const noisy = images.add(tf.randomNormal(images.shape, 0, 0.1, 'float32', noiseSeed));
            const ce = tf.losses.softmaxCrossEntropy(
              tf.oneHot(labels, 3),
              model.apply(noisy, { training: true }) as tf.Tensor,
            );
            return (steps === nanAtStep ? ce.mul(NaN) : ce) as tf.Scalar;
          }),
        true,
      )!;
      const value = (await loss.data())[0];
      loss.dispose();
      return { loss: value };
    },
    evaluate: async () => ({ checks: steps }),
  };
}

/** `trainer`, with `event(call)` run at the start of each of its steps (1, 2, ...). */
export function withEvent(trainer: Trainer, event: (call: number) => void): Trainer {
  let calls = 0;
  return {
    ...trainer,
    step: (batch, seed) => {
      event(++calls);
      return trainer.step(batch, seed);
    },
  };
}
