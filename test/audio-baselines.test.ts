// The baselines of chapter 11 against hand-worked values: the histogram's cross-entropy, Levinson–Durbin on an AR(2)
// process's exact autocorrelations, and the linear predictor's probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitLinearPredictor,
  histogramBits,
  levinsonDurbin,
  linearPredictionBits,
  muLawEncode,
  UNIFORM_BITS,
} from '../src/audio';

test('the uniform distribution over 256 codes costs 8 bits per sample', () => {
  assert.equal(UNIFORM_BITS, 8);
});

test('the histogram baseline is the cross-entropy of add-one smoothed training frequencies', () => {
  // 254 training codes 7, so counts are 255 for code 7 and 1 for each other code: 510 in all.
  const train = [new Uint8Array(254).fill(7)];
  const heldOut = [Uint8Array.of(9, 9, 7, 3)]; // from position 2: codes 7 and 3
  const expected = (-Math.log2(255 / 510) - Math.log2(1 / 510)) / 2;
  assert.ok(Math.abs(histogramBits(train, heldOut, 2) - expected) < 1e-12);
  assert.throws(() => histogramBits(train, heldOut, 4), /nothing to score/);
});

test('Levinson–Durbin recovers x_t = 1.2 x_{t−1} − 0.5 x_{t−2} from its exact autocorrelations', () => {
  // Yule–Walker for AR(2): ρ1 = a1 / (1 − a2), ρk = a1 ρ(k−1) + a2 ρ(k−2).
  const [a1, a2] = [1.2, -0.5];
  const r = new Float64Array(5);
  r[0] = 1;
  r[1] = a1 / (1 - a2);
  for (let k = 2; k < 5; k++) r[k] = a1 * r[k - 1] + a2 * r[k - 2];
  const a = levinsonDurbin(r, 4);
  [a1, a2, 0, 0].forEach((expected, k) => assert.ok(Math.abs(a[k] - expected) < 1e-12, `a${k + 1} = ${a[k]}`));
});

test('linear prediction finds a resonance: on a sine it beats the histogram by bits, and adapting its scale helps', () => {
  const sine = (phase: number) =>
    muLawEncode(Float32Array.from({ length: 4000 }, (_, i) => 0.3 * Math.sin(0.05 * i + phase)));
  const train = [sine(0)];
  const heldOut = [sine(1)];
  const fixed = fitLinearPredictor(train, 4, false);
  const adaptive = fitLinearPredictor(train, 4, true);
  assert.equal(fixed.scaleMemory, 1);
  const lp = linearPredictionBits(fixed, heldOut, 4);
  assert.ok(lp < histogramBits(train, heldOut, 4) - 2, `linear prediction ${lp} bits`);
  assert.ok(linearPredictionBits(adaptive, heldOut, 4) <= lp + 1e-9);
  assert.throws(() => linearPredictionBits(fixed, heldOut, 2), /at least the order 4/);
  assert.throws(() => fitLinearPredictor([], 2, false), /no training audio/);
});
