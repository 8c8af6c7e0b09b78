import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { frechetDistance, frechetDistanceOfMoments, symmetricMatrixSqrt } from '../src/metrics';
import { normalRng } from '../src/maths';
import { assertClose as close } from './support/close';

/** n rows drawn from N(mean, diag(sd²)). */
function gaussianRows(n: number, mean: number[], sd: number[], seed: number): number[][] {
  const normal = normalRng(seed);
  return Array.from({ length: n }, () => mean.map((m, j) => m + sd[j] * normal()));
}

before(async () => {
  await tf.setBackend('cpu');
});

test('the square root of [[2, 1], [1, 2]] is [[√3 + 1, √3 − 1], [√3 − 1, √3 + 1]] / 2', () => {
  const root = symmetricMatrixSqrt([
    [2, 1],
    [1, 2],
  ]);
  const [diagonal, offDiagonal] = [(Math.sqrt(3) + 1) / 2, (Math.sqrt(3) - 1) / 2];
  [
    [diagonal, offDiagonal],
    [offDiagonal, diagonal],
  ].forEach((row, i) => row.forEach((expected, j) => close(root[i][j], expected, 1e-12)));
});

test('the square root of the singular [[1, 1], [1, 1]] is finite: [[1, 1], [1, 1]] / √2', () => {
  // The zero eigenvalue comes out as ±1e-16; its root, 1e-8, is the accuracy to expect here.
  symmetricMatrixSqrt([
    [1, 1],
    [1, 1],
  ])
    .flat()
    .forEach((x) => close(x, Math.SQRT1_2, 1e-7));
});

test('a rounding-sized negative eigenvalue (−1e-12) is clipped to 0 rather than giving NaN', () => {
  const almostSingular = [
    [1, 1 + 1e-12],
    [1 + 1e-12, 1],
  ]; // eigenvalues 2 + 1e-12 and −1e-12
  symmetricMatrixSqrt(almostSingular)
    .flat()
    .forEach((x) => close(x, Math.SQRT1_2, 1e-7));
});

test('a matrix with a clearly negative eigenvalue is refused as a covariance', () => {
  assert.throws(
    () =>
      symmetricMatrixSqrt([
        [0, 1],
        [1, 0],
      ]),
    /eigenvalue -1\.00, so it is not a covariance \(symmetric positive semi-definite\)/,
  );
});

test('the clipping boundary is relative: −1e-9 × the largest |eigenvalue| is clipped, just below it refused', () => {
  // A diagonal matrix's eigenvalues come out exactly, so diag(4, −4e-9) sits on the boundary −1e-9 · 4.
  assert.deepEqual(
    symmetricMatrixSqrt([
      [4, 0],
      [0, -4e-9],
    ]),
    [
      [2, 0],
      [0, 0],
    ],
  );
  assert.throws(
    () =>
      symmetricMatrixSqrt([
        [4, 0],
        [0, -4.1e-9],
      ]),
    /eigenvalue -4\.10e-9, so it is not a covariance/,
  );
});

test('Gaussians N(0, I) and N(0, [[2, 1], [1, 2]]): (1 − √3)² + (1 − 1)² = 4 − 2√3', () => {
  const d = frechetDistanceOfMoments(
    {
      mean: [0, 0],
      covariance: [
        [1, 0],
        [0, 1],
      ],
    },
    {
      mean: [0, 0],
      covariance: [
        [2, 1],
        [1, 2],
      ],
    },
  );
  close(d, 4 - 2 * Math.sqrt(3), 1e-12);
});

test('non-commuting 2 × 2 covariances match Tr√(Σ₁^½Σ₂Σ₁^½) = √(Tr Σ₁Σ₂ + 2√(det Σ₁ det Σ₂)), both ways round', () => {
  const p = {
    mean: [1, 0],
    covariance: [
      [4, 1],
      [1, 1],
    ],
  }; // Tr Σ₁ = 5, det Σ₁ = 3
  const q = {
    mean: [0, 2],
    covariance: [
      [1, -0.5],
      [-0.5, 2],
    ],
  }; // Tr Σ₂ = 3, det Σ₂ = 1.75; Tr Σ₁Σ₂ = 5
  const expected = 1 + 4 + 5 + 3 - 2 * Math.sqrt(5 + 2 * Math.sqrt(3 * 1.75)); // = 6.80876…
  close(frechetDistanceOfMoments(p, q), expected, 1e-12);
  close(frechetDistanceOfMoments(q, p), expected, 1e-12);
});

test('identical feature sets are at distance 0, also with a constant (dead) feature and from tensors', () => {
  const rows = gaussianRows(500, [0, 1, 2], [1, 2, 0], 1); // the third feature is constant: Σ is singular
  close(frechetDistance(rows, rows), 0, 1e-9);
  close(frechetDistance(tf.tensor2d(rows), tf.tensor2d(rows)), 0, 1e-6); // float32 rounding of the inputs
});

test('1-D samples of N(0, 1) and N(2, 3²) give (0 − 2)² + (1 − 3)² = 8 within sampling error', () => {
  // Standard error ≈ 0.07 at n = 50,000 (from the errors of the sample mean and standard deviation).
  close(frechetDistance(gaussianRows(50_000, [0], [1], 2), gaussianRows(50_000, [2], [3], 3)), 8, 0.25);
});

test('diagonal samples give Σ (μ₁ − μ₂)² + Σ (σ₁ − σ₂)² = 2 + 1.25 within sampling error', () => {
  const a = gaussianRows(50_000, [0, 0, 0], [1, 2, 0.5], 4);
  const b = gaussianRows(50_000, [1, 0, -1], [2, 2, 1], 5);
  close(frechetDistance(a, b), 3.25, 0.1); // standard error ≈ 0.035 at n = 50,000
});

test('shifting a set by s in every one of 3 features gives exactly 3s², growing with s', () => {
  const a = gaussianRows(1000, [0, 0, 0], [1, 1, 1], 6);
  const distances = [0.5, 1, 2].map((s) =>
    frechetDistance(
      a,
      a.map((row) => row.map((x) => x + s)),
    ),
  );
  distances.forEach((d, i) => close(d, 3 * [0.5, 1, 2][i] ** 2, 1e-9));
});

test('bad input: mismatched feature sizes, too few rows for a covariance, NaN', () => {
  const rows = gaussianRows(10, [0, 0], [1, 1], 7);
  assert.throws(
    () =>
      frechetDistance(
        rows,
        rows.map((row) => [...row, 0]),
      ),
    /first feature set have 2 features but rows of the second feature set have 3/,
  );
  assert.throws(() => frechetDistance(rows.slice(0, 2), rows), /needs more than 2 rows, but got 2; pass more samples/);
  assert.throws(() => frechetDistance(rows, [[NaN, 0], ...rows]), /^Error: the second feature set row 0 holds NaN/);
  assert.throws(() => frechetDistance([...rows, [0, NaN]], rows), /^Error: the first feature set row 10 holds NaN/);
  assert.throws(() => frechetDistance(tf.tensor2d([[0, Infinity]]), rows), /NaN or ±Infinity/);
});
