import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cdfOnGrid,
  jensenShannon,
  linspace,
  normalDensity,
  separationSweep,
  trapezoid,
  wasserstein1,
} from '../src/maths';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

const xs = linspace(-20, 20, 8001);
const on = (mean: number, std: number) => xs.map(normalDensity(mean, std));

test('the CDF on the grid rises from 0 to the total mass', () => {
  const cdf = cdfOnGrid(on(0, 1), xs);
  close(cdf[0], 0, 1e-12);
  close(cdf[cdf.length - 1], trapezoid(on(0, 1), xs), 1e-12);
  close(cdf[(xs.length - 1) / 2], 0.5, 1e-6); // x = 0: half the mass of N(0, 1)
});

test('W1 between Gaussians of equal variance is the distance between their means', () => {
  for (const [m1, m2, s] of [
    [0, 0, 1],
    [0, 1, 1],
    [-2, 3, 0.5],
    [1, 7, 2],
  ])
    close(wasserstein1(on(m1, s), on(m2, s), xs), Math.abs(m1 - m2), 1e-5);
});

test('W1 between N(0, 1) and N(0, s²) is |s − 1|·√(2/π)', () => {
  for (const s of [0.5, 2, 3])
    close(wasserstein1(on(0, 1), on(0, s), xs), Math.abs(s - 1) * Math.sqrt(2 / Math.PI), 1e-5);
});

test('W1 is symmetric and refuses densities that do not match the grid', () => {
  close(wasserstein1(on(0, 1), on(2, 0.5), xs), wasserstein1(on(2, 0.5), on(0, 1), xs), 1e-12);
  assert.throws(() => wasserstein1([1, 2], on(0, 1), xs), /one density value per grid point: got 2 and 8001 for 8001/);
  assert.throws(() => wasserstein1(on(0, 1), [1, 2], xs), /one density value per grid point: got 8001 and 2 for 8001/);
});

test('as supports separate the JSD saturates at log 2 with slope 0 while W1 grows with slope 1', () => {
  const sweep = separationSweep([0, 1, 10, 11], 0.5);
  close(sweep[0].jsd, 0, 1e-9);
  close(sweep[2].jsd, Math.log(2), 1e-6);
  close(sweep[3].jsd - sweep[2].jsd, 0, 1e-6);
  for (const p of sweep) close(p.w1, p.separation, 1e-4);
  const near = linspace(-8, 9, 1701); // no density underflows on it
  close(sweep[1].jsd, jensenShannon(near.map(normalDensity(0, 0.5)), near.map(normalDensity(1, 0.5)), near), 1e-6);
});
