import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COVERED_MODE_SHARE, mean, ringCentres, ringCoverage, sampleRing, standardError, variance } from '../src/maths';
import { closeWithin } from './support/close';

const close = closeWithin(1e-12);

const ring = { modes: 8, radius: 2, std: 0.05 };

test('the eight centres lie on the circle of radius 2, 45° apart, the first on the x axis', () => {
  const centres = ringCentres(ring);
  assert.equal(centres.length, 8);
  const h = Math.SQRT2; // 2 cos 45°
  const expected = [
    [2, 0],
    [h, h],
    [0, 2],
    [-h, h],
    [-2, 0],
    [-h, -h],
    [0, -2],
    [h, -h],
  ];
  centres.forEach(([x, y], k) => {
    close(x, expected[k][0]);
    close(y, expected[k][1]);
  });
  const [[x3, y3]] = ringCentres({ modes: 3, radius: 1, std: 1 }).slice(1);
  close(x3, -0.5);
  close(y3, Math.sqrt(3) / 2);
});

test("samples are repeatable, spread evenly over the modes, each with the mode's standard deviation", () => {
  const samples = sampleRing(ring, 8000, 4);
  assert.deepEqual(sampleRing(ring, 8000, 4), samples);
  assert.notDeepEqual(sampleRing(ring, 10, 5), samples.slice(0, 10));
  const centres = ringCentres(ring);
  const nearest = samples.map(([x, y]) => {
    const d = centres.map(([cx, cy]) => Math.hypot(x - cx, y - cy));
    return d.indexOf(Math.min(...d));
  });
  const counts = centres.map((_, k) => nearest.filter((n) => n === k).length);
  // 1000 expected per mode, binomial standard deviation √(8000 · 1/8 · 7/8) ≈ 30.
  for (const count of counts) assert.ok(Math.abs(count - 1000) < 120, `counts ${counts}`);
  for (const axis of [0, 1]) {
    const offsets = samples.map((point, i) => point[axis] - centres[nearest[i]][axis]);
    assert.ok(Math.abs(mean(offsets)) < 4 * standardError(offsets));
    close(Math.sqrt(variance(offsets)), ring.std, 0.002);
  }
});

test('coverage by hand: a sample counts for its nearest mode only within 3 std of its centre', () => {
  const samples = [
    [2, 0],
    [2.14, 0],
    [2, -0.149], // mode 0, the last two just inside 3 std = 0.15
    [0, 2], // mode 2
    [2.16, 0], // just outside 3 std of mode 0
    [0, 0], // between modes
  ];
  const coverage = ringCoverage(samples, ring);
  assert.deepEqual(coverage.modeShares, [3 / 6, 0, 1 / 6, 0, 0, 0, 0, 0]);
  close(coverage.highQualityShare, 4 / 6);
  assert.equal(coverage.modesCovered, 2);
});

test('a mode is covered from a quarter of its fair share of the samples', () => {
  assert.equal(COVERED_MODE_SHARE, 0.25);
  // 64 samples: a fair share is 8, a quarter of it 2. Mode 0 gets 62, mode 1 gets 2, mode 2 none.
  const centres = ringCentres(ring);
  const samples = [...new Array(62).fill(centres[0]), centres[1], centres[1]];
  assert.equal(ringCoverage(samples, ring).modesCovered, 2);
  assert.equal(ringCoverage([...samples.slice(0, 63), [0, 0]], ring).modesCovered, 1); // mode 1 down to 1 of 64
});

test('samples from the ring itself cover every mode, nearly all of high quality', () => {
  const coverage = ringCoverage(sampleRing(ring, 2000, 1), ring);
  assert.equal(coverage.modesCovered, 8);
  // Within 3 std in 2-D: P(χ²₂ ≤ 9) = 1 − e^{−4.5} ≈ 0.9889.
  close(coverage.highQualityShare, 1 - Math.exp(-4.5), 0.01);
});

test('bad rings and samples are refused, saying what is expected', () => {
  assert.throws(() => ringCentres({ modes: 0, radius: 2, std: 0.1 }), /whole number of modes ≥ 1/);
  assert.throws(() => ringCentres({ modes: 2.5, radius: 2, std: 0.1 }), /whole number of modes/);
  assert.throws(() => ringCentres({ modes: 8, radius: -1, std: 0.1 }), /radius ≥ 0/);
  assert.throws(() => ringCentres({ modes: 8, radius: 2, std: 0 }), /std > 0/);
  assert.throws(() => ringCoverage([], ring), /at least one sample/);
  assert.throws(() => ringCoverage([[1, 2, 3]], ring), /sample 0 is not a finite 2-D point/);
  assert.throws(
    () =>
      ringCoverage(
        [
          [0, 0],
          [NaN, 0],
        ],
        ring,
      ),
    /sample 1 is not a finite 2-D point/,
  );
});

test('the smallest rings are allowed: one mode, radius 0 (a single Gaussian at the origin)', () => {
  assert.deepEqual(ringCentres({ modes: 1, radius: 0, std: 1 }), [[0, 0]]);
});

test('"within 3 std" includes a sample exactly 3 std from its centre', () => {
  const single = { modes: 1, radius: 0, std: 1 };
  assert.deepEqual(
    ringCoverage(
      [
        [3, 0],
        [0, 3.000001],
      ],
      single,
    ).modeShares,
    [0.5],
  );
});
