import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { densityCoverage, knnPrecisionRecall } from '../src/metrics';
import { normalRng, uniformRng } from '../src/maths';

const column = (values: number[]) => values.map((v) => [v]);
const REAL = column([0, 1, 2, 3, 10]); // k = 1 radii: 1, 1, 1, 1 and 7 (10's nearest real neighbour is 3)

before(async () => {
  await tf.setBackend('cpu');
});

test('by hand in 1-D with k = 1: samples {0.5, 2.5} sit in two real balls each and miss only the ball of 10', () => {
  // 0.5 is inside the balls of 0 and 1 (distance 0.5 < 1), 2.5 inside those of 2 and 3; 10's ball (radius 7) holds
  // neither (9.5 and 7.5 away). Density (2 + 2) / (1 · 2) = 2; coverage 4 of 5 balls.
  assert.deepEqual(densityCoverage(REAL, column([0.5, 2.5]), 1), { density: 2, coverage: 0.8 });
});

test('an outlying sample lowers density and leaves coverage alone (recall, by contrast, jumps to 1)', () => {
  // 20 is 10 from the real 10, outside its radius 7: no ball holds it. Density (2 + 2 + 0) / 3; coverage still 4/5.
  assert.deepEqual(densityCoverage(REAL, column([0.5, 2.5, 20]), 1), { density: 4 / 3, coverage: 0.8 });
  assert.equal(knnPrecisionRecall(REAL, column([0.5, 2.5, 20]), 1).recall, 1);
});

test('samples piled onto one spot: precision stays 1, coverage shows the collapse', () => {
  // Four copies of 0.9: each inside the balls of 0 (0.9 < 1) and 1 (0.1 < 1) only.
  const collapsed = column([0.9, 0.9, 0.9, 0.9]);
  assert.equal(knnPrecisionRecall(REAL, collapsed, 1).precision, 1);
  assert.deepEqual(densityCoverage(REAL, collapsed, 1), { density: 2, coverage: 0.4 });
});

test("a point on the edge of a ball is outside it (strict inequality, as in the authors' code)", () => {
  // 2 is exactly 1 from 1 and from 3, the radius of their balls; it is the centre of its own ball.
  assert.deepEqual(densityCoverage(REAL, column([2]), 1), { density: 1, coverage: 0.2 });
});

test('two samples of one distribution: density ≈ 1 and coverage ≈ its closed form (k = 5)', () => {
  // A real point's ball is missed when its k nearest among the other N − 1 real and M generated points are all real:
  // probability C(N − 1, k) / C(N − 1 + M, k), so E[coverage] = 1 − ∏_{i<k} (N − 1 − i) / (N − 1 + M − i) ≈ 0.969.
  // A sample lands inside a given real ball with probability k / N (its rank among N exchangeable points), so
  // E[density] = 1 exactly.
  const [n, m, k] = [1000, 1000, 5];
  const normal = normalRng(7);
  const cloud = (size: number) => Array.from({ length: size }, () => [normal(), normal(), normal()]);
  let missed = 1;
  for (let i = 0; i < k; i++) missed *= (n - 1 - i) / (n - 1 + m - i);
  const { density, coverage } = densityCoverage(cloud(n), cloud(m), k);
  assert.ok(Math.abs(density - 1) < 0.08, `density ${density}`);
  assert.ok(Math.abs(coverage - (1 - missed)) < 0.02, `coverage ${coverage}, expected about ${1 - missed}`);
});

test('disjoint clouds give 0 and 0; half the support, or crowding the mode, keeps density ≈ 1 and cuts coverage', () => {
  const uniform = uniformRng(3);
  const rectangle = (size: number, width: number, shift = 0) =>
    Array.from({ length: size }, () => [shift + width * uniform(), uniform()]);
  assert.deepEqual(densityCoverage(rectangle(300, 1), rectangle(300, 1, 5)), { density: 0, coverage: 0 });
  // Samples fill the left half of the real rectangle [0, 2] × [0, 1]. Where they are, real balls overlap as much as
  // anywhere (uniform real density), so each sample is in about k of them: density ≈ 1; coverage ≈ half the balls.
  const real = rectangle(1000, 2);
  const half = densityCoverage(real, rectangle(1000, 1));
  const leftShare = real.filter(([x]) => x <= 1).length / real.length;
  assert.ok(
    Math.abs(half.coverage - leftShare) < 0.04,
    `coverage ${half.coverage}, share of real points on the left ${leftShare}`,
  );
  assert.ok(Math.abs(half.density - 1) < 0.1, `density ${half.density}`);
  // Samples from N(0, 0.3²I) against real points from N(0, I): where they crowd, real points crowd too and their balls
  // shrink, so each sample is still inside about k balls (density ≈ 1: density does not reward piling onto the mode),
  // while the balls further out hold none. The crowd reaches out to about three of its sds, radius 0.9, inside which
  // lie 1 − e^{−0.9²/2} ≈ 0.33 of the real points.
  const normal = normalRng(11);
  const gaussian = (size: number, sd: number) => Array.from({ length: size }, () => [sd * normal(), sd * normal()]);
  const crowded = densityCoverage(gaussian(1000, 1), gaussian(1000, 0.3));
  assert.ok(Math.abs(crowded.density - 1) < 0.15, `density ${crowded.density}`);
  assert.ok(crowded.coverage < 0.45, `coverage ${crowded.coverage}`);
});

test('bad input: mismatched widths, k too large for the real set, NaN; no tensors leak', () => {
  const before = tf.memory().numTensors;
  assert.throws(
    () =>
      densityCoverage(
        [
          [0, 0],
          [1, 1],
        ],
        [[0], [1]],
      ),
    /rows of the real set have 2 features but rows of the generated set have 1/,
  );
  assert.throws(
    () => densityCoverage(column([0, 1, 2]), column([0, 1])),
    /k = 5 must be a whole number below the 3 real points/,
  );
  assert.throws(() => densityCoverage(column([0, 1, 2]), column([0, 1]), 0), /k = 0 must be a whole number/);
  assert.throws(() => densityCoverage(column([0, 1, 2]), column([NaN, 1]), 1), /row 0 holds NaN/);
  const [real, generated] = [tf.tensor2d(REAL), tf.tensor2d(column([0.5, 2.5]))];
  assert.deepEqual(densityCoverage(real, generated, 1), { density: 2, coverage: 0.8 });
  tf.dispose([real, generated]);
  assert.equal(tf.memory().numTensors, before);
});

test('k must stay below the number of real points (each ball needs k others), and empty sets are refused by name', () => {
  assert.throws(
    () => densityCoverage(column([0, 1, 2]), column([0, 1]), 3),
    /k = 3 must be a whole number below the 3 real points .*use more real points or a smaller k/,
  );
  assert.throws(() => densityCoverage([], column([0, 1])), /the real set has no rows/);
  assert.throws(() => densityCoverage(column([0, 1, 2]), []), /the generated set has no rows/);
});
