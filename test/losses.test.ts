import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  bernoulliNllFromLogits,
  discriminatorLoss,
  gaussianKlToStandardNormal,
  generatorLossNonSaturating,
  generatorLossSaturating,
  negativeElbo,
  reparameterise,
} from '../src/losses';
import { closeWithin } from './support/close';

const close = closeWithin(1e-5);
const value = (t: tf.Tensor) => t.dataSync()[0];
const logit = (p: number) => Math.log(p / (1 - p));

test('KL(N(1, 1) ‖ N(0, 1)) is 0.5 and KL(N(0, 1) ‖ N(0, 1)) is 0', () => {
  const kl = gaussianKlToStandardNormal(tf.tensor2d([[1], [0]]), tf.tensor2d([[0], [0]]));
  close(kl.dataSync()[0], 0.5);
  close(kl.dataSync()[1], 0);
});

test('the Gaussian KL sums over latent units and is positive for a narrow posterior', () => {
  const kl = gaussianKlToStandardNormal(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(0.25)]]));
  close(value(kl), 0.5 + 0.5 * (0.25 - 1 - Math.log(0.25)));
});

test('the worked example of 003 §4.1.3: L_D = −2 log 0.9 and L_G = −log 0.1 (saturating: log 0.9)', () => {
  const real = tf.scalar(logit(0.9));
  const fake = tf.scalar(logit(0.1));
  close(value(discriminatorLoss(real, fake)), -2 * Math.log(0.9));
  close(value(generatorLossNonSaturating(fake)), -Math.log(0.1));
  close(value(generatorLossSaturating(fake)), Math.log(0.9));
});

test('the GAN losses stay finite at logits of ±100', () => {
  for (const a of [-100, 100]) {
    const logits = tf.tensor1d([a, a]);
    for (const loss of [
      discriminatorLoss(logits, logits),
      generatorLossNonSaturating(logits),
      generatorLossSaturating(logits),
    ]) {
      assert.ok(Number.isFinite(value(loss)), `loss at logit ${a} is ${value(loss)}`);
    }
  }
  close(value(generatorLossNonSaturating(tf.tensor1d([-100]))), 100, 1e-3); // −log σ(−100) ≈ 100
});

test('the Bernoulli NLL at logit 0 is log 2 per pixel, summed per image', () => {
  const nll = bernoulliNllFromLogits(
    tf.tensor2d([
      [0, 1, 0.3],
      [1, 1, 1],
    ]),
    tf.zeros([2, 3]),
  );
  close(nll.dataSync()[0], 3 * Math.log(2));
  close(nll.dataSync()[1], 3 * Math.log(2));
});

test('the negative ELBO is reconstruction plus β times the KL, averaged over the batch', () => {
  const x = tf.tensor2d([
    [0, 1],
    [1, 1],
  ]);
  const logits = tf.zeros([2, 2]);
  const mu = tf.tensor2d([[1], [0]]);
  const logVar = tf.zeros([2, 1]) as tf.Tensor2D;
  close(value(negativeElbo(x, logits, mu, logVar)), 2 * Math.log(2) + 0.25);
  close(value(negativeElbo(x, logits, mu, logVar, 4)), 2 * Math.log(2) + 1);
});

test('reparameterise: repeatable with a seed, mean μ and standard deviation σ', () => {
  const mu = tf.fill([20000, 1], 3) as tf.Tensor2D;
  const logVar = tf.fill([20000, 1], Math.log(4)) as tf.Tensor2D;
  const z = reparameterise(mu, logVar, 7);
  assert.deepEqual(z.dataSync(), reparameterise(mu, logVar, 7).dataSync());
  const { mean, variance } = tf.moments(z);
  close(value(mean), 3, 0.05);
  close(Math.sqrt(value(variance)), 2, 0.05);
});

test('reparameterise refuses a seed of 0, which tfjs would ignore, and still draws unseeded without one', () => {
  const [mu, logVar] = [tf.zeros([2, 1]) as tf.Tensor2D, tf.zeros([2, 1]) as tf.Tensor2D];
  assert.throws(() => reparameterise(mu, logVar, 0), {
    name: 'RangeError',
    message: /^seed 0 cannot seed TensorFlow.js repeatably: give a whole number other than 0/,
  });
  assert.deepEqual(reparameterise(mu, logVar).shape, [2, 1]);
});

test('the Bernoulli NLL refuses pixels outside [0, 1] or NaN, saying how to rescale, and leaks nothing', () => {
  const [logits, mu, logVar] = [tf.zeros([1, 3]), tf.zeros([1, 1]) as tf.Tensor2D, tf.zeros([1, 1]) as tf.Tensor2D];
  const cases = [
    [[0, 128, 255], '0 to 255'],
    [[-1, 0, 1], '-1 to 1'],
    [[0, 1.0001, 1], '0 to 1.0001'],
  ] as const;
  const inputs = cases.map(([pixels]) => tf.tensor2d([[...pixels]]));
  const before = tf.memory().numTensors;
  cases.forEach(([, range], i) => {
    assert.throws(
      () => bernoulliNllFromLogits(inputs[i], logits),
      new RegExp(`pixels from ${range}.*, but the Bernoulli likelihood needs them in \\[0, 1\\].*divide bytes by 255`),
    );
    assert.throws(() => negativeElbo(inputs[i], logits, mu, logVar), /needs them in \[0, 1\]/);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => bernoulliNllFromLogits(tf.tensor2d([[0.5, NaN, 0.5]]), logits), /none NaN/);
  // The ends of the range are fine: x = 0 and x = 1 give softplus(a) and softplus(−a).
  close(
    value(bernoulliNllFromLogits(tf.tensor2d([[0, 1]]), tf.tensor2d([[2, 2]]))),
    Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(-2)),
  );
});
