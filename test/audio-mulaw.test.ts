// μ-law companding against its formula, its inverse, and the closed-form quantisation noise of a linear quantiser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compand, expand, linear8BitRoundTrip, muLawDecode, muLawEncode, signalToNoiseDb } from '../src/audio';

test('compand follows ln(1 + 255|x|) / ln 256 and expand undoes it', () => {
  assert.equal(compand(0), 0);
  assert.equal(compand(1), 1);
  assert.ok(Math.abs(compand(-0.5) + Math.log(1 + 127.5) / Math.log(256)) < 1e-12);
  for (const x of [-1, -0.3, -1e-4, 0, 2e-3, 0.7, 1]) assert.ok(Math.abs(expand(compand(x)) - x) < 1e-12, `x = ${x}`);
});

test('every code survives decoding and encoding again, and silence is the middle code', () => {
  const codes = Uint8Array.from({ length: 256 }, (_, c) => c);
  assert.deepEqual(muLawEncode(muLawDecode(codes)), codes);
  assert.deepEqual(Array.from(muLawEncode(Float32Array.of(-1, 0, 1, 5))), [0, 128, 255, 255]); // 127.5 rounds up; 5 is clipped
});

test('μ-law steps are finest near zero: the step at silence is far below the linear 2/255, the step at full scale above it', () => {
  const level = (c: number) => muLawDecode(Uint8Array.of(c))[0];
  assert.ok(level(129) - level(128) < 2 / 255 / 40); // 44 times finer
  assert.ok(level(255) - level(254) > 2 / 255);
});

test('linear 8-bit quantisation of a full-scale sine gives the textbook 6.02·8 + 1.76 dB', () => {
  const sine = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(2 * Math.PI * i * 0.01234567));
  // The step is 2/255 rather than 2/256, hence 10·log10(1.5 · 255²) instead of 6.02·8 + 1.76 exactly.
  assert.ok(Math.abs(signalToNoiseDb(sine, linear8BitRoundTrip(sine)) - 10 * Math.log10(1.5 * 255 ** 2)) < 0.3);
});

test('on a quiet sine μ-law keeps about 38 dB while linear 8 bits falls far below', () => {
  const quiet = Float32Array.from({ length: 50_000 }, (_, i) => 0.01 * Math.sin(2 * Math.PI * i * 0.0371));
  const muLaw = signalToNoiseDb(quiet, muLawDecode(muLawEncode(quiet)));
  const linear = signalToNoiseDb(quiet, linear8BitRoundTrip(quiet));
  assert.ok(muLaw > 30 && linear < 15, `μ-law ${muLaw} dB, linear ${linear} dB`);
  assert.throws(() => signalToNoiseDb(new Float32Array(4), new Float32Array(4)), /all zeros/);
  assert.throws(() => signalToNoiseDb(new Float32Array(4), new Float32Array(3)), /differ in length/);
});
