// Does the GAN step learn? On the ring of eight Gaussians, the 2-D data on which GAN papers count dropped modes, a short
// run of ganStep (the step every GAN trainer uses, with the non-saturating loss) must spread the generator's samples
// over most of the modes, most of them close to a mode's centre. Two small MLPs keep it to a few seconds.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { Ring, ringCoverage, sampleRing } from '../src/maths';
import { withSeed } from '../src/training/seeded';
import { ganStep } from '../src/training/steps';

before(() => selectBackend({ quiet: true }));

// std 0.1 rather than the papers' 0.02, so that "within 3 std of a centre" is reached in hundreds of steps, not
// thousands; the modes stay islands (neighbouring centres are 1.53 apart, 15 std).
const RING: Ring = { modes: 8, radius: 2, std: 0.1 };
const [STEPS, BATCH, LATENT] = [600, 128, 2];

/** 2 → 64 → 64 → outputs, ReLU: big enough for eight modes, small enough for a step of a few milliseconds. */
const mlp = (inputs: number, outputs: number) =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputs], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: outputs }),
    ],
  });

/** The generator's samples for 1,000 fixed noise vectors, as [x, y] points. */
function samples(generator: tf.LayersModel): number[][] {
  return tf.tidy(() =>
    (generator.predict(tf.randomNormal([1000, LATENT], 0, 1, 'float32', 99)) as tf.Tensor2D).arraySync(),
  );
}

test(`GAN on a ring of 8 Gaussians: after ${STEPS} steps the samples reach ≥ 6 modes, ≥ 40 % within 3 std of one`, (t) => {
  const seed = 1;
  const gan = withSeed(seed, () => ({ generator: mlp(LATENT, 2), discriminator: mlp(2, 1), latentDim: LATENT }));
  // Adam(2e-3, β₁ = 0.5): DCGAN's β₁, and a rate at which this small problem settles within the run.
  const optimizers = { generator: tf.train.adam(2e-3, 0.5), discriminator: tf.train.adam(2e-3, 0.5) };
  const untrained = ringCoverage(samples(gan.generator), RING);
  const data = sampleRing(RING, STEPS * BATCH, seed);
  for (let step = 0; step < STEPS; step++) {
    const real = tf.tensor2d(data.slice(step * BATCH, (step + 1) * BATCH));
    withSeed(seed * 1_000_000 + step, () => ganStep(gan, optimizers, real));
    real.dispose();
  }
  const trained = ringCoverage(samples(gan.generator), RING);
  const report =
    `after ${STEPS} steps: ${trained.modesCovered} modes covered, ${(100 * trained.highQualityShare).toFixed(1)} % of ` +
    `samples within 3 std of a mode (shares ${trained.modeShares.map((s) => s.toFixed(3)).join(', ')})`;
  t.diagnostic(report);
  // Measured (wasm, 1 thread, seeds 1–4): untrained 0 modes and 0 % near one; after 600 steps 8 modes each time and
  // 66–81 % near a mode. The thresholds leave room for other seeds and thread counts. Each break of the learning
  // tried ends at 0 modes and 0 %: the generator's loss with its sign flipped, the discriminator's labels swapped,
  // no update (learning rate 0).
  assert.equal(untrained.modesCovered, 0);
  assert.ok(trained.modesCovered >= 6 && trained.highQualityShare >= 0.4, report);
  gan.generator.dispose();
  gan.discriminator.dispose();
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
});
