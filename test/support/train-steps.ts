// Trains each of genlab's models a few seeded steps on the backend genlab selects (GENLAB_BACKEND) and prints their
// losses as one JSON line; test/native-training.test.ts compares the lines of the native and wasm runs.
//   node --import tsx test/support/train-steps.ts
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend';
import { classifierTrainer, ganTrainer, vaeTrainer } from '../../src/training';
import { Trainer } from '../../src/training/loop';

const STEPS = 4;
const BATCH = 16;

async function lossesOf(trainer: Trainer): Promise<number[]> {
  const losses: number[] = [];
  for (let step = 1; step <= STEPS; step++) {
    const batch = tf.tidy(() => {
      const unit = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', step) as tf.Tensor4D;
      return {
        images: trainer.range === 'signed' ? (unit.mul(2).sub(1) as tf.Tensor4D) : unit,
        labels: tf.tensor1d(
          Array.from({ length: BATCH }, (_, i) => i % 10),
          'int32',
        ),
      };
    });
    losses.push(...Object.values(await trainer.step(batch, step)));
    tf.dispose(batch);
  }
  return losses;
}

async function main() {
  await selectBackend({ quiet: true });
  const noTest = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, height: 28, width: 28 };
  const result: Record<string, number[]> = {
    classifier: await lossesOf(classifierTrainer(noTest, 1)),
    'conv VAE': await lossesOf(vaeTrainer({ latentDim: 20, seed: 1 })),
    DCGAN: await lossesOf(ganTrainer({ latentDim: 100, seed: 1 })),
    'MLP GAN': await lossesOf(ganTrainer({ latentDim: 100, seed: 1, architecture: 'mlp' })),
  };
  console.log(JSON.stringify(result));
}

main();
