import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { Dataset } from '../src/data';
import { auroc } from '../src/metrics';
import { buildConvVae } from '../src/models';
import { likelihoodDetection, loadOodResults, OOD_COMMAND, runOodExperiment, saveOodResults } from '../src/ood';
import { fakeDigits } from './support/fake-digits';
import { tempDir } from './support/temp';

before(() => selectBackend({ quiet: true })); // the conv VAE trains in seconds on wasm, in minutes on the cpu backend

const dataset = (name: Dataset['name'], count: number): Dataset => ({
  name,
  title: name,
  train: fakeDigits(count),
  test: fakeDigits(count),
  directory: '(test)',
});

test('likelihoodDetection scores each image of both sets and its AUROC is that of the two score lists', () => {
  const vae = buildConvVae(4);
  const inImages = tf.randomUniform([6, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const outImages = tf.zeros([4, 28, 28, 1]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const detection = likelihoodDetection(vae, inImages, outImages, 3);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(detection.inScores.length, 6);
  assert.equal(detection.outScores.length, 4);
  assert.equal(detection.auroc, auroc(detection.outScores, detection.inScores)); // "out" is the positive class
  tf.dispose([inImages, outImages]);
});

test('the experiment trains, scores both test sets, and its results survive a save and a load', async () => {
  const settings = { numEpochs: 1, trainImages: 32, testImages: 8, latentDim: 4, batchSize: 32, seed: 1 };
  const results = await runOodExperiment({
    fashion: dataset('fashion-mnist', 64),
    mnist: dataset('mnist', 64),
    settings,
    command: 'test',
    backend: 'cpu',
    fast: true,
  });
  assert.equal(results.fashionScores.length, 8);
  assert.equal(results.mnistScores.length, 8);
  assert.equal(results.testNegElboPerEpoch.length, 1);
  assert.ok(results.auroc >= 0 && results.auroc <= 1 && results.trainSeconds > 0);
  const file = path.join(tempDir('ood'), 'ood.json');
  saveOodResults(results, file);
  assert.deepEqual(loadOodResults(file), results);
});

test('a missing or foreign results file is refused with the command that makes it', () => {
  const dir = tempDir('ood-missing');
  assert.throws(
    () => loadOodResults(path.join(dir, 'none.json')),
    (e: Error) => e.message.includes(OOD_COMMAND),
  );
  fs.writeFileSync(path.join(dir, 'other.json'), '{"runs": []}');
  assert.throws(() => loadOodResults(path.join(dir, 'other.json')), /has no "auroc" field/);
});
