// The latent-space measures of claim H19 against values worked out by hand, with stub encoders, decoders and classifiers.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  Encode,
  aggregatePosterior,
  fitAggregatePosterior,
  fitToPrior,
  interpolationConfidence,
  pairsOfDifferentClasses,
  straightPath,
} from '../src/metrics';
import { normalRng } from '../src/maths/random';
import { closeWithin } from './support/close';
import { withoutLeaks } from './support/leaks';

const close = closeWithin(1e-9);

before(async () => {
  await tf.setBackend('cpu');
});

// Four images, two latent dimensions. Deviations from the mean (0.5, 0) are (2, 1), (0, 1), (0, −1), (−2, −1), so with
// n − 1 = 3: Var μ₁ = 8/3, Var μ₂ = 4/3, Cov = 4/3. Posterior variances: σ₁² = 0.5 always, σ₂² = 1 or 3 (mean 2).
const MU = [
  [2.5, 1],
  [0.5, 1],
  [0.5, -1],
  [-1.5, -1],
];
const LOG_VAR = [
  [Math.log(0.5), 0],
  [Math.log(0.5), Math.log(3)],
  [Math.log(0.5), 0],
  [Math.log(0.5), Math.log(3)],
];
/** An "image" is its own index, [n, 1]; the encoder looks up that row of MU and LOG_VAR. */
const lookupEncoder: Encode = (images) =>
  tf.tidy(() => {
    const rows = images.reshape([-1]).toInt();
    return {
      mu: tf.gather(tf.tensor2d(MU), rows) as tf.Tensor2D,
      logVar: tf.gather(tf.tensor2d(LOG_VAR), rows) as tf.Tensor2D,
    };
  });

test('aggregate posterior by hand: the means’ Gaussian, the full one with E σ² added, in batches of 3, no leaks', () => {
  const images = tf.tensor2d([[0], [1], [2], [3]]);
  const tensorsBefore = tf.memory().numTensors;
  const result = aggregatePosterior(lookupEncoder, images, 3);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  images.dispose();
  assert.equal(result.images, 4);
  assert.equal(result.latentDim, 2);
  result.means.mean.forEach((m, j) => close(m, [0.5, 0][j]));
  close(result.means.covariance[0][0], 8 / 3);
  close(result.means.covariance[0][1], 4 / 3);
  close(result.means.covariance[1][1], 4 / 3);
  // S = [[8/3, 4/3], [4/3, 4/3]]: tr 4, det 16/9, eigenvalues 2 ± √(4 − 16/9) = 2 ± 2√5/3.
  close(result.means.kl, 0.5 * (4 + 0.25 - 2 - Math.log(16 / 9)));
  close(result.means.klPerDimension, result.means.kl / 2);
  close(result.means.eigenvalues[0], 2 + (2 * Math.sqrt(5)) / 3);
  close(result.means.eigenvalues[1], 2 - (2 * Math.sqrt(5)) / 3);
  close(result.means.dimensionKl[0], 0.5 * (8 / 3 + 0.25 - 1 - Math.log(8 / 3)));
  close(result.means.dimensionKl[1], 0.5 * (4 / 3 - 1 - Math.log(4 / 3)));
  close(result.means.largestCorrelation, 4 / 3 / Math.sqrt((8 / 3) * (4 / 3))); // 1/√2
  // The full version: S + diag(0.5, 2) = [[19/6, 4/3], [4/3, 10/3]], tr 6.5, det 190/18 − 16/9 = 79/9.
  // (σ² passes through float32 tensors as log σ², so it is good to about 1e-7.)
  result.meanPosteriorVariance.forEach((v, j) => close(v, [0.5, 2][j], 1e-6));
  close(result.aggregate.covariance[0][0], 19 / 6, 1e-6);
  close(result.aggregate.covariance[0][1], 4 / 3);
  close(result.aggregate.kl, 0.5 * (6.5 + 0.25 - 2 - Math.log(79 / 9)), 1e-6);
  close(result.aggregate.largestCorrelation, 4 / 3 / Math.sqrt((19 / 6) * (10 / 3)), 1e-6);
  // The dimensions' own KLs add up to less than the whole: the rest is the correlation's share.
  assert.ok(result.means.dimensionKl[0] + result.means.dimensionKl[1] < result.means.kl);
  close(result.samplingFloor, (2 + 3) / (2 * 4));
});

/** n codes of d standard-normal means (seeded), each with log σ² = logVar. */
function normalCodes(n: number, d: number, seed: number, logVar: number) {
  const normal = normalRng(seed);
  return {
    mu: Array.from({ length: n }, () => Array.from({ length: d }, normal)),
    logVar: Array.from({ length: n }, () => new Array<number>(d).fill(logVar)),
  };
}

test('standard-normal means with σ → 0 sit on the prior: KL ≈ 0, within a few times the sampling floor', () => {
  const { mu, logVar } = normalCodes(4000, 3, 7, -30);
  const result = fitAggregatePosterior(mu, logVar);
  close(result.samplingFloor, 9 / 8000); // 3 means + 6 covariance entries
  // 2n·KL is about χ² with 9 degrees of freedom: mean 9, sd √18, so KL ≈ 0.0011 ± 0.0005.
  assert.ok(result.means.kl < 4 * result.samplingFloor, `KL ${result.means.kl}`);
  close(result.aggregate.kl, result.means.kl, 1e-9); // e^−30 adds nothing
  assert.ok(result.means.largestCorrelation < 0.1);
  result.means.eigenvalues.forEach((lambda) => close(lambda, 1, 0.1));
});

test('the sampling floor is the average KL of codes that really are N(0, I)', () => {
  const replicates = Array.from({ length: 300 }, (_, r) => {
    const { mu, logVar } = normalCodes(200, 2, 100 + r, -30);
    return fitAggregatePosterior(mu, logVar);
  });
  const meanKl = replicates.reduce((sum, x) => sum + x.means.kl, 0) / replicates.length;
  // floor = (2 + 3) / 400 = 0.0125; one KL has sd ≈ √10 / 400 ≈ 0.008, so the mean of 300 is good to ≈ 0.0005.
  close(meanKl, replicates[0].samplingFloor, 0.0025);
});

test('an unused unit (μ ≈ 0, σ² = 1) is far from the prior in the means’ Gaussian but on it in the full one', () => {
  const normal = normalRng(3);
  const mu = Array.from({ length: 2000 }, () => [Math.sqrt(0.6) * normal(), 0.001 * normal()]);
  const logVar = mu.map(() => [Math.log(0.4), 0]); // unit 1: Var μ 0.6 + σ² 0.4 = 1; unit 2: only σ² = 1
  const result = fitAggregatePosterior(mu, logVar);
  close(result.means.dimensionKl[1], 0.5 * (1e-6 - 1 - Math.log(1e-6)), 0.1); // ≈ 6.4 nats
  assert.ok(result.means.kl > 6);
  assert.ok(result.aggregate.kl < 0.01, `full KL ${result.aggregate.kl}`);
  result.aggregate.dimensionKl.forEach((kl) => assert.ok(kl < 0.01, `dimension KL ${kl}`));
});

test('a unit the encoder never moves (μ = 0 for every image) makes the means’ Gaussian degenerate: KL ∞, the full one finite', () => {
  // Means (1, 0), (2, 0), (4, 0): mean (7/3, 0), Var μ₁ = (16 + 1 + 25)/9 / 2 = 7/3, Var μ₂ = 0; every σ² = 1.
  const result = fitAggregatePosterior(
    [
      [1, 0],
      [2, 0],
      [4, 0],
    ],
    [
      [0, 0],
      [0, 0],
      [0, 0],
    ],
  );
  close(result.means.eigenvalues[0], 7 / 3);
  assert.equal(result.means.eigenvalues[1], 0);
  assert.equal(result.means.kl, Infinity);
  assert.equal(result.means.dimensionKl[1], Infinity);
  close(result.means.dimensionKl[0], 0.5 * (7 / 3 + 49 / 9 - 1 - Math.log(7 / 3)));
  assert.equal(result.means.largestCorrelation, 0, 'a dimension of zero variance has no correlation');
  // Full covariance diag(7/3 + 1, 0 + 1): finite.
  close(result.aggregate.kl, 0.5 * (10 / 3 + 1 + 49 / 9 - 2 - Math.log(10 / 3)));
  assert.equal(result.aggregate.largestCorrelation, 0);
});

test('a covariance whose smallest eigenvalue rounds below zero is as degenerate as a zero one: KL ∞, not NaN', () => {
  // [[1, 1 + δ], [1 + δ, 1]] has eigenvalues 2 + δ and −δ.
  const fit = fitToPrior(
    [0, 0],
    [
      [1, 1 + 1e-12],
      [1 + 1e-12, 1],
    ],
  );
  assert.ok(fit.eigenvalues[1] < 0, `${fit.eigenvalues}`);
  assert.equal(fit.kl, Infinity);
});

test('a unit that is a sum of two others (μ₃ = μ₁ + 0.3μ₂) is degenerate too: KL ∞, though rounding leaves λ₃ near 2e-16, not 0', () => {
  const means = Array.from({ length: 8 }, (_, i) => {
    const [a, b] = [Math.sin(i * 7.3), Math.cos(i * 3.1)];
    return [a, b, a + 0.3 * b];
  });
  const result = fitAggregatePosterior(
    means,
    means.map(() => [0, 0, 0]),
  );
  assert.ok(Math.abs(result.means.eigenvalues[2]) < 1e-12, `${result.means.eigenvalues}`);
  assert.equal(result.means.kl, Infinity);
  assert.ok(Number.isFinite(result.aggregate.kl), 'the aggregate adds σ² = 1 to each variance: full rank');
});

test('aggregate posterior refuses too few images and non-finite codes', () => {
  assert.throws(
    () =>
      fitAggregatePosterior(
        [
          [0, 1],
          [1, 0],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    /needs more than 2 rows/,
  );
  assert.throws(() => fitAggregatePosterior([[0], [NaN], [1]], [[0], [0], [0]]), /NaN/);
  assert.throws(() => fitAggregatePosterior([[0], [1], [2]], [[0], [0]]), /3 rows of means but 2/);
});

test('straight path: evenly spaced points from one code to the other, both ends included', () => {
  const path = straightPath(tf.tensor1d([0, 2]), tf.tensor2d([[1, 0]]), 5);
  assert.deepEqual(path.shape, [5, 2]);
  const rows = path.arraySync();
  [
    [0, 2],
    [0.25, 1.5],
    [0.5, 1],
    [0.75, 0.5],
    [1, 0],
  ].forEach((row, s) => row.forEach((v, j) => close(rows[s][j], v, 1e-6)));
  const ends = straightPath(tf.tensor1d([0, 2]), tf.tensor1d([1, 0]), 2).arraySync();
  assert.deepEqual(
    ends,
    [
      [0, 2],
      [1, 0],
    ],
    'two steps are the two ends',
  );
  assert.throws(() => straightPath(tf.tensor1d([0]), tf.tensor1d([1]), 1), /at least 2 steps/);
});

test('interpolation confidence: the classifier’s top probability at each step, averaged over pairs, with each path’s minimum', () => {
  // The "image" of a code is the code; the classifier says class 0 with probability z₁ and class 1 with 1 − z₁, so its
  // top probability is max(z₁, 1 − z₁): 1 at either end of a path from z₁ = 0 to 1, ½ in the middle.
  let decodeCalls = 0;
  const decode = (z: tf.Tensor2D) => {
    decodeCalls += 1;
    assert.deepEqual(z.shape, [5, 2]);
    return z.clone();
  };
  const classify = (images: tf.Tensor) =>
    tf.tidy(() => {
      const p = images.slice([0, 0], [-1, 1]);
      return tf.concat([p, tf.sub(1, p)], 1) as tf.Tensor2D;
    });
  const zFrom = tf.tensor2d([
    [0, 5],
    [1, 0],
  ]);
  const zTo = tf.tensor2d([
    [1, -5],
    [1, 3],
  ]); // the second path keeps z₁ = 1: confident all the way
  const tensorsBefore = tf.memory().numTensors;
  const result = interpolationConfidence(decode, classify, zFrom, zTo, 5);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.equal(decodeCalls, 2);
  assert.deepEqual(result.t, [0, 0.25, 0.5, 0.75, 1]);
  [1, 0.75, 0.5, 0.75, 1].forEach((c, s) => close(result.confidence[0][s], c, 1e-6));
  [1, 0.875, 0.75, 0.875, 1].forEach((c, s) => close(result.stepMeans[s], c, 1e-6));
  // Step 2 has 0.5 and 1: sd √(2 · 0.25² / 1) = 0.354, standard error 0.354 / √2 = 0.25. The ends agree: 0.
  [0, 0.125, 0.25, 0.125, 0].forEach((se, s) => close(result.stepStandardErrors[s], se, 1e-6));
  close(result.pathMinima[0], 0.5, 1e-6);
  close(result.pathMinima[1], 1, 1e-6);
  close(result.lowestStepMean, 0.75, 1e-6);
  assert.throws(() => interpolationConfidence(decode, classify, zFrom, tf.tensor2d([[1, 2, 3]]), 5), /same shape/);
  tf.dispose([zFrom, zTo]);
});

/** The top probability of a two-class classifier that says class 0 with probability z₁: max(z₁, 1 − z₁). */
const classifyByFirstCode = (images: tf.Tensor) =>
  tf.tidy(() => {
    const p = images.slice([0, 0], [-1, 1]);
    return tf.concat([p, tf.sub(1, p)], 1) as tf.Tensor2D;
  });
const decodeAsItself = (z: tf.Tensor2D) => z.clone();

test('interpolation confidence: standard errors of three pairs by hand, NaN for one pair, and bad inputs', () => {
  // z₁ goes 0 → 1, stays 1, stays ½: confidences [1, ¾, ½, ¾, 1], all 1, all ½.
  const zFrom = tf.tensor2d([[0], [1], [0.5]]);
  const zTo = tf.tensor2d([[1], [1], [0.5]]);
  const result = interpolationConfidence(decodeAsItself, classifyByFirstCode, zFrom, zTo, 5);
  // Step 2 holds ½, 1, ½: mean 2/3, squared deviations 1/36 + 4/36 + 1/36 = 1/6, sd² = (1/6)/2, se = √(1/12 / 3) = 1/6.
  // Step 1 holds ¾, 1, ½: squared deviations 1/8, se = √(1/16 / 3).
  [1 / 6, Math.sqrt(1 / 48), 1 / 6, Math.sqrt(1 / 48), 1 / 6].forEach((se, s) =>
    close(result.stepStandardErrors[s], se, 1e-6),
  );
  close(result.lowestStepMean, 2 / 3, 1e-6);

  const one = interpolationConfidence(decodeAsItself, classifyByFirstCode, zFrom.slice(0, 1), zTo.slice(0, 1), 3);
  [1, 0.5, 1].forEach((c, s) => close(one.stepMeans[s], c, 1e-6));
  one.stepStandardErrors.forEach((se) => assert.ok(Number.isNaN(se), 'one pair has no spread to measure'));

  const none = tf.zeros([0, 1]) as tf.Tensor2D;
  assert.throws(
    () => interpolationConfidence(decodeAsItself, classifyByFirstCode, none, none, 5),
    /needs at least one pair of codes/,
  );
  const dropLast = (images: tf.Tensor) => tf.tidy(() => classifyByFirstCode(images).slice(0, 4) as tf.Tensor2D);
  withoutLeaks('a failed interpolationConfidence', () =>
    assert.throws(
      () => interpolationConfidence(decodeAsItself, dropLast, zFrom, zTo, 5),
      /classify gave 4 rows for 5 images/,
    ),
  );
  tf.dispose([zFrom, zTo, none]);
});

test('pairs of different classes: in order, each item with the next one of another label', () => {
  const labels = [3, 3, 5, 1, 1, 1, 2, 7, 7];
  assert.deepEqual(pairsOfDifferentClasses(labels, 5), [
    [0, 2],
    [3, 6],
  ]); // 7, 7 at the end has no partner
  assert.deepEqual(pairsOfDifferentClasses(labels, 1), [[0, 2]]);
  assert.deepEqual(pairsOfDifferentClasses(Int32Array.from([4, 4]), 3), []);
});
