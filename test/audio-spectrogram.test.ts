// The STFT against closed forms: where a sine's energy lands, and how much of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hannWindow, spectrogram } from '../src/audio';

test('a sine on bin 20 of a 256-sample frame puts its power there: (A·N/4)² with a Hann window', () => {
  const rate = 8000;
  const hz = (20 * rate) / 256; // 625 Hz, exactly bin 20
  const samples = Float32Array.from({ length: 2048 }, (_, i) => 0.5 * Math.cos((2 * Math.PI * hz * i) / rate));
  const { decibels, frames, bins, binHz, frameSeconds } = spectrogram(samples, rate);
  assert.deepEqual([frames, bins, binHz, frameSeconds], [1 + (2048 - 256) / 64, 129, 31.25, 64 / 8000]);
  const frame = decibels.subarray(3 * bins, 4 * bins);
  assert.equal(frame.indexOf(Math.max(...frame)), 20);
  // Hann's coefficients are 1/2 and ∓1/4: the peak bin holds A·N/4, its neighbours A·N/8, the rest nothing.
  assert.ok(Math.abs(frame[20] - 10 * Math.log10(((0.5 * 256) / 4) ** 2)) < 1e-3);
  assert.ok(Math.abs(frame[21] - 10 * Math.log10(((0.5 * 256) / 8) ** 2)) < 1e-3);
  assert.ok(frame[40] < -100);
});

test('the Hann window is 0 at its start and 1 in its middle; bad frame sizes and short clips are refused', () => {
  const w = hannWindow(8);
  assert.deepEqual([w[0], w[4]], [0, 1]);
  assert.throws(() => spectrogram(new Float32Array(1000), 8000, { frameLength: 100 }), /power of two/);
  assert.throws(() => spectrogram(new Float32Array(100), 8000), /fewer than one frame of 256/);
});
