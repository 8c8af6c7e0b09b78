// Training steps on the wasm backend: conv models train there (every gradient kernel is registered),
// no tensor is left behind, and each step moves the weights it should.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import { buildConvVae, buildDcgan, buildMlpGan, buildMlpVae } from '../src/models';
import { withSeed } from '../src/training/seeded';
import { ganStep, vaeStep } from '../src/training/steps';

before(async () => {
  await activateWasm();
});

const snapshot = (model: tf.LayersModel) => model.getWeights().map((w) => Float32Array.from(w.dataSync()));
const changed = (before: Float32Array[], model: tf.LayersModel) =>
  model.getWeights().some((w, i) => w.dataSync().some((v, j) => v !== before[i][j]));

for (const [name, build, shape] of [
  ['conv', buildConvVae, [8, 28, 28, 1]],
  ['MLP', buildMlpVae, [8, 784]],
] as const) {
  test(`a ${name} VAE step on wasm returns a finite loss, updates both networks and leaks no tensor`, () => {
    const vae = build(20);
    const optimizer = tf.train.adam(1e-3);
    const x = tf.randomUniform(shape as unknown as number[]);
    vaeStep(vae, optimizer, x); // creates the optimiser's slots
    const [encoder, decoder] = [snapshot(vae.encoder), snapshot(vae.decoder)];
    const tensors = tf.memory().numTensors;
    const loss = vaeStep(vae, optimizer, x);
    assert.equal(tf.memory().numTensors, tensors);
    assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
    assert.ok(changed(encoder, vae.encoder) && changed(decoder, vae.decoder));
    assert.equal(tf.getBackend(), 'wasm');
    tf.dispose(x);
  });
}

function ganSetup(shape: number[]) {
  const optimizers = { generator: tf.train.adam(2e-4, 0.5), discriminator: tf.train.adam(2e-4, 0.5) };
  return { optimizers, real: tf.randomUniform(shape, -1, 1) };
}

for (const [name, build, shape] of [
  ['DCGAN', buildDcgan, [8, 28, 28, 1]],
  ['MLP GAN', buildMlpGan, [8, 784]],
] as const) {
  test(`a ${name} step on wasm returns finite losses, updates both networks and leaks no tensor`, () => {
    const gan = build(100);
    const { optimizers, real } = ganSetup(shape as unknown as number[]);
    ganStep(gan, optimizers, real);
    const [generator, discriminator] = [snapshot(gan.generator), snapshot(gan.discriminator)];
    const tensors = tf.memory().numTensors;
    const losses = ganStep(gan, optimizers, real);
    assert.equal(tf.memory().numTensors, tensors);
    assert.ok(Number.isFinite(losses.discriminator) && Number.isFinite(losses.generator), JSON.stringify(losses));
    assert.ok(changed(generator, gan.generator) && changed(discriminator, gan.discriminator));
    tf.dispose(real);
  });
}

test('the GAN step trains each network with its own optimiser only', () => {
  const gan = buildMlpGan(100);
  const { optimizers, real } = ganSetup([8, 784]);
  ganStep(gan, optimizers, real);
  // Adam keeps two moment slots per variable it updated: the generator's 6 and the discriminator's 6.
  const slots = (o: tf.Optimizer) => o.getWeights().then((w) => w.length - 1); // minus the step counter
  return Promise.all([slots(optimizers.generator), slots(optimizers.discriminator)]).then(([g, d]) => {
    assert.equal(g, 2 * gan.generator.trainableWeights.length);
    assert.equal(d, 2 * gan.discriminator.trainableWeights.length);
    tf.dispose(real);
  });
});

test("detachedFakes (the articles' Keras order) is the same update to rounding, and leaks no tensor", () => {
  // Two GANs with the same weights, the same batch and the same noise: one draws D's fakes inside the gradient, the
  // other before it. The losses and the updated weights agree to float32 rounding, not bit for bit.
  const step = (detachedFakes: boolean) => {
    const gan = withSeed(3, () => buildMlpGan(8));
    const { optimizers, real } = withSeed(4, () => ganSetup([8, 784]));
    const losses = withSeed(5, () => ganStep(gan, optimizers, real, { detachedFakes }));
    const tensors = tf.memory().numTensors;
    withSeed(6, () => ganStep(gan, optimizers, real, { detachedFakes }));
    assert.equal(tf.memory().numTensors, tensors, 'no tensor is left behind');
    tf.dispose(real);
    return { losses, weights: [...snapshot(gan.generator), ...snapshot(gan.discriminator)] };
  };
  const [inTape, detached] = [step(false), step(true)];
  assert.ok(
    Math.abs(inTape.losses.discriminator - detached.losses.discriminator) < 1e-5,
    JSON.stringify([inTape.losses, detached.losses]),
  );
  assert.ok(Math.abs(inTape.losses.generator - detached.losses.generator) < 1e-5);
  const largest = inTape.weights.reduce(
    (m, w, i) => w.reduce((n, v, j) => Math.max(n, Math.abs(v - detached.weights[i][j])), m),
    0,
  );
  assert.ok(largest < 1e-5, `largest weight difference ${largest}`);
});
