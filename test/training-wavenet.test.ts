// Chapter 11's data and training: the corpus split by file, windows of codes as the loop's "images", the held-out bits
// against a direct computation, and a run saved by fit and loaded again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { codeToCompanded, loadSpeech, muLawEncode, speechWindows, writeWav } from '../src/audio';
import { receptiveField } from '../src/models';
import { fit, loadWaveNet, waveNetBits, waveNetTrainer } from '../src/training';
import { tempDir } from './support/temp';

const config = { dilations: [1, 2, 1], residualChannels: 3, gateChannels: 2, skipChannels: 4 };
const R = receptiveField(config.dilations); // 6

test('the corpus holds out every tenth file in name order, and a missing corpus names the Debian package', () => {
  const dir = tempDir('speech');
  for (let i = 0; i < 12; i++) {
    const samples = Float32Array.from({ length: 100 + i }, (_, t) => 0.1 * Math.sin(t + i));
    fs.writeFileSync(path.join(dir, `clip${String(i).padStart(2, '0')}.wav`), writeWav({ samples, sampleRate: 16000 }));
  }
  const corpus = loadSpeech({ directory: dir });
  assert.deepEqual(
    corpus.heldOut.map((clip) => clip.name),
    ['clip09.wav'],
  );
  assert.equal(corpus.train.length, 11);
  assert.equal(corpus.train[0].sampleRate, 8000); // resampled from 16 kHz
  assert.equal(corpus.train[0].samples.length, 50);
  assert.throws(
    () => loadSpeech({ directory: path.join(dir, 'absent') }),
    /sudo apt-get install asterisk-core-sounds-en-wav/,
  );
});

test('windows are cut from each clip every stride samples and hold its μ-law codes as pixels', () => {
  const clip = { samples: Float32Array.from({ length: 10 }, (_, t) => t / 10 - 0.5), sampleRate: 8000 };
  const windows = speechWindows([clip, { ...clip, samples: clip.samples.subarray(0, 3) }], 4, 3);
  assert.deepEqual([windows.count, windows.height, windows.width], [3, 1, 4]); // starts 0, 3, 6; the short clip gives none
  const codes = Array.from(muLawEncode(clip.samples));
  assert.deepEqual(Array.from(windows.images), [...codes.slice(0, 4), ...codes.slice(3, 7), ...codes.slice(6, 10)]);
  assert.throws(() => speechWindows([clip], 11, 1), /No clip is as long as one window of 11 samples/);
});

test('held-out bits are the mean −log₂ softmax of each code after the receptive field, whatever the chunk size', () => {
  const model = waveNetTrainer({ config, seed: 2 }).model;
  const clips = [
    Uint8Array.from({ length: 30 }, (_, i) => (i * 29) % 256),
    Uint8Array.from({ length: 9 }, (_, i) => 100 + i),
  ];
  let sum = 0;
  let count = 0;
  for (const codes of clips) {
    const input = Float32Array.from(codes.subarray(0, codes.length - 1), codeToCompanded);
    const logProbabilities = tf.tidy(
      () =>
        tf.logSoftmax(model.predict(tf.tensor3d(input, [1, input.length, 1])) as tf.Tensor).arraySync() as number[][][],
    )[0];
    logProbabilities.forEach((row, j) => {
      sum -= row[codes[j + R]] / Math.LN2;
      count++;
    });
  }
  assert.equal(count, 24 + 3);
  const before = tf.memory().numTensors;
  for (const chunk of [7, 8192])
    assert.ok(Math.abs(waveNetBits(model, clips, R, chunk) - sum / count) < 1e-4, `chunk ${chunk}`);
  assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
  assert.throws(() => waveNetBits(model, [new Uint8Array(R)], R), /nothing to score/);
});

test('a run saved by fit loads back as the same network, and other runs are refused', async () => {
  const runDir = tempDir('wavenet-run');
  const trainer = waveNetTrainer({ config, seed: 3, heldOut: [Uint8Array.from({ length: 20 }, (_, i) => 120 + i)] });
  const data = speechWindows(
    [{ samples: Float32Array.from({ length: 64 }, (_, t) => 0.3 * Math.sin(t / 2)), sampleRate: 8000 }],
    16,
    8,
  );
  const state = await fit(trainer, { data, numEpochs: 1, batchSize: 2, seed: 1, runDir });
  assert.ok(state.history[0].metrics.heldOutBits > 0);
  const loaded = loadWaveNet(runDir);
  assert.deepEqual(loaded.config, config);
  assert.equal(loaded.epochs, 1);
  const x = tf.randomUniform([1, 12, 1], -1, 1, 'float32', 4);
  const [a, b] = [trainer.model.predict(x) as tf.Tensor, loaded.model.predict(x) as tf.Tensor];
  assert.deepEqual(a.dataSync(), b.dataSync());
  tf.dispose([x, a, b]);
  assert.throws(() => loadWaveNet(path.join(runDir, 'nothing')), /holds no trained WaveNet .*genlab train wavenet/);
});
