// Sample-by-sample generation: the plain-TypeScript arithmetic matches the tfjs network, and the fast generator with
// per-layer queues draws exactly the samples of the naive one that recomputes the receptive field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { codeToCompanded, generateFast, generateNaive, sampleCode, waveNetEngine } from '../src/audio';
import { buildWaveNet, receptiveField } from '../src/models';
import { withSeed } from '../src/training';

const config = { dilations: [1, 2, 4, 8, 1, 2], residualChannels: 6, gateChannels: 5, skipChannels: 7 };
const model = withSeed(3, () => buildWaveNet(config));
const R = receptiveField(config.dilations);
const prompt = Uint8Array.from({ length: R + 5 }, (_, i) => (128 + Math.round(60 * Math.sin(i / 3))) & 255);

test('sampling by inversion picks the first code whose cumulative probability passes the uniform number', () => {
  const logits = new Float64Array(256).fill(-Infinity);
  logits[3] = Math.log(0.25);
  logits[7] = Math.log(0.75);
  assert.deepEqual(
    [0, 0.2499, 0.2501, 0.9999].map((u) => sampleCode(logits, u)),
    [3, 3, 7, 7],
  );
});

test('both generators give the same samples for the same seed, and other samples for another seed', () => {
  const engine = waveNetEngine(model);
  assert.equal(engine.receptiveField, R);
  const fast = generateFast(engine, { prompt, count: 40, seed: 5 });
  assert.deepEqual(generateNaive(engine, { prompt, count: 40, seed: 5 }), fast);
  assert.notDeepEqual(generateFast(engine, { prompt, count: 40, seed: 6 }), fast);
  assert.throws(
    () => generateFast(engine, { prompt: prompt.subarray(0, R - 1), count: 1, seed: 1 }),
    /fill the receptive field of 20/,
  );
});

test('the fast generator draws each sample from the distribution the tfjs network gives after its prompt', () => {
  const engine = waveNetEngine(model);
  const count = 12;
  const codes = generateFast(engine, { prompt, count, seed: 9 });
  // The network's logits after the prompt and the first count − 1 generated codes, recomputed in one forward pass.
  const all = Float32Array.from([...prompt, ...codes.subarray(0, count - 1)], codeToCompanded);
  const logits = tf.tidy(() =>
    (model.predict(tf.tensor3d(all, [1, all.length, 1])) as tf.Tensor3D).slice([0, prompt.length - R], [1, count, 256]),
  );
  const probabilities = tf.tidy(() => tf.softmax(logits).arraySync() as number[][][])[0];
  logits.dispose();
  // Replaying the seed's uniform numbers through the network's own probabilities gives the same codes.
  const uniforms = seedrandom.alea('9');
  probabilities.forEach((p, n) => {
    const u = uniforms();
    let cumulative = 0;
    const expected = p.findIndex((q) => (cumulative += q) > u);
    assert.equal(codes[n], expected === -1 ? 255 : expected, `sample ${n}`);
  });
});
