import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { clipWeights, criticLoss, generatorLossWasserstein, gradientPenalty, shareAtClipBounds } from '../src/losses';
import { checkPenaltyGradient, withSeed } from '../src/training';

const root = path.join(__dirname, '..');
const close = (actual: number, expected: number, tolerance = 1e-5) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
const value = (t: tf.Tensor) => t.dataSync()[0];

test('the critic loss is E[D(fake)] − E[D(real)] and the generator loss −E[D(fake)]', async () => {
  await tf.setBackend('cpu');
  close(value(criticLoss(tf.tensor2d([[3], [1]]), tf.tensor2d([[-1], [0.5]]))), -0.25 - 2);
  close(value(generatorLossWasserstein(tf.tensor2d([[-1], [0.5]]))), 0.25);
});

test('the gradient penalty of a linear critic w·x is λ(‖w‖ − 1)² wherever it is taken', () => {
  const w = tf.tensor2d([[3], [4]]); // ‖w‖ = 5
  const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
  const [real, fake] = [tf.randomNormal([7, 2], 0, 1, 'float32', 1), tf.randomNormal([7, 2], 0, 1, 'float32', 2)];
  close(value(gradientPenalty(critic, real, fake, 10)), 10 * 16, 1e-3);
  close(value(gradientPenalty(critic, real, fake, 0.5)), 0.5 * 16, 1e-4);
});

test('the gradient penalty of D(x) = ½‖x‖² is the mean of (‖x̂‖ − 1)², on images as on rows', () => {
  // ∇D = x̂; with real = fake every interpolate is that image, whatever ε.
  const images = tf.tensor4d([0, 0, 3, 4, 1, 0, 0, 0], [2, 2, 2, 1]);
  const critic = (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(x), [1, 2, 3]));
  close(value(gradientPenalty(critic, images, images, 1)), ((5 - 1) ** 2 + (1 - 1) ** 2) / 2);
});

test('a penalty weight or a clip value ≤ 0 is an error naming the value', () => {
  const x = tf.zeros([2, 3]);
  for (const weight of [0, -1, NaN]) {
    assert.throws(
      () => gradientPenalty((t) => t.sum(1), x, x, weight),
      new RegExp(`λ must be a number above 0, got ${weight}; Gulrajani et al. use 10`),
    );
  }
  assert.throws(
    () => clipWeights([tf.variable(x)], 0),
    /clip value c must be a number above 0, got 0; Arjovsky et al. use 0.01/,
  );
});

test('clipping pins every weight into [−c, c] and the share at the bounds counts them', () => {
  const v = tf.variable(tf.tensor1d([-0.5, -0.001, 0, 0.002, 0.3]));
  clipWeights([v], 0.01);
  assert.deepEqual(
    Array.from(v.dataSync()).map((x) => Number(x.toFixed(4))),
    [-0.01, -0.001, 0, 0.002, 0.01],
  );
  close(shareAtClipBounds([v], 0.01), 2 / 5);
});

test('the losses, the penalty and clipping leave no tensor behind', () => {
  const [real, fake] = [tf.randomNormal([4, 3]), tf.randomNormal([4, 3])];
  const v = tf.variable(tf.randomNormal([3, 1]));
  const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, v);
  const run = () => {
    tf.dispose([criticLoss(real, fake), generatorLossWasserstein(fake), gradientPenalty(critic, real, fake, 10)]);
    clipWeights([v], 0.1);
    shareAtClipBounds([v], 0.1);
  };
  run();
  const before = tf.memory().numTensors;
  run();
  assert.equal(tf.memory().numTensors, before);
});

test('the penalty’s gradient with respect to a LeakyReLU critic’s weights matches finite differences on cpu', () => {
  const before = tf.memory().numTensors;
  const check = checkPenaltyGradient(1);
  assert.equal(check.weights, 137);
  assert.ok(check.largestGradient > 1, `gradients of ${check.largestGradient} are too small to test anything`);
  assert.ok(
    check.largestError < 2e-3,
    `largest error ${check.largestError} against gradients up to ${check.largestGradient}`,
  );
  assert.equal(tf.memory().numTensors, before);
});

// wasm and the native oneDNN kernels are started as the notebooks start them, one process each.
for (const backend of ['wasm', 'native']) {
  const built =
    backend !== 'native' || spawnSync('ls', [path.join(root, 'native/build/Release/genlab_dnnl.node')]).status === 0;
  test(
    `… and on ${backend}`,
    { skip: built ? false : 'the native addon is not built (bash kernel-setup/build-native.sh)' },
    () => {
      const script =
        "require('./src/backend/select').selectBackend({ quiet: true }).then(r => console.log('RESULT ' + r.active + ' ' + " +
        "JSON.stringify(require('./src/training').checkPenaltyGradient(1))))";
      const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, GENLAB_BACKEND: backend, GENLAB_WASM_THREADS: '1' },
      });
      const line = /RESULT (\S+) (.*)/.exec(result.stdout);
      assert.ok(line, `no result: ${result.stderr.slice(-500)}`);
      assert.equal(line[1], backend);
      const check = JSON.parse(line[2]);
      assert.ok(
        check.largestError < 2e-3,
        `largest error ${check.largestError} against gradients up to ${check.largestGradient}`,
      );
    },
  );
}

test('a LeakyReLU critic, by hand: where every interpolate is on one side, λ(s‖w‖ − 1)² and its gradient in w', () => {
  // D(x) = LeakyReLU_0.2(x·w) with w = (1, 2, 2), ‖w‖ = 3. Real and fake rows all have x·w > 0, so every interpolate
  // does too and ∇ₓD = w (slope s = 1); with the rows negated, x·w < 0 and ∇ₓD = 0.2 w. Then the penalty is
  // λ(s‖w‖ − 1)² whatever ε, and its gradient in w is 2λ(s‖w‖ − 1) s w/‖w‖: a gradient through LeakyReLU's gradient.
  const w = tf.tensor2d([[1], [2], [2]]);
  const [real, fake] = [
    tf.tensor2d([
      [1, 1, 1],
      [2, 0, 1],
    ]),
    tf.tensor2d([
      [0, 1, 0],
      [1, 0, 0],
    ]),
  ];
  for (const [sign, slope] of [
    [1, 1],
    [-1, 0.2],
  ]) {
    const penalty = (weights: tf.Tensor) =>
      gradientPenalty(
        (x) => tf.leakyRelu(tf.matMul(x as tf.Tensor2D, weights as tf.Tensor2D), 0.2),
        real.mul(sign),
        fake.mul(sign),
        10,
      );
    close(value(penalty(w)), 10 * (3 * slope - 1) ** 2, 1e-4);
    const gradient = Array.from(tf.grad(penalty)(w).dataSync());
    const factor = (2 * 10 * (3 * slope - 1) * slope) / 3;
    [1, 2, 2].forEach((wi, i) => close(gradient[i], factor * wi, 1e-3));
  }
});

test('the penalty draws one ε per image: over 4,000 one-pixel images, mean (ε − 1)² ≈ E[(U − 1)²] = ⅓', () => {
  // D(x) = ½x² with real = 1 and fake = 0 gives x̂ = ε and ∇D = ε per image, so the penalty with λ = 1 is the mean of
  // (ε − 1)² over the batch: ⅓ ± 0.005 (one standard error) for independent ε; one ε shared by the batch would give a
  // single (ε − 1)², anywhere in [0, 1].
  const n = 4000;
  const critic = (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(x), [1, 2, 3]));
  const penalty = withSeed(3, () => value(gradientPenalty(critic, tf.ones([n, 1, 1, 1]), tf.zeros([n, 1, 1, 1]), 1)));
  close(penalty, 1 / 3, 0.02);
});
