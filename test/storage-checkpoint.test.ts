// Checkpoint files: exact round trip, clear errors for damaged files, and atomic replacement under SIGKILL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, readCheckpoint, writeCheckpoint } from '../src/storage';
import { tempDir } from './support/temp';

const tempFile = () => path.join(tempDir('ckpt'), 'checkpoint.bin');

function example(): Checkpoint {
  return {
    kind: 'gan', settings: { seed: 3, latentDim: 2 }, epoch: 2, step: 40,
    history: [{ epoch: 1, steps: 20, seconds: 1.5, metrics: { L_D: 1.2 } }, { epoch: 2, steps: 40, seconds: 1.4, metrics: { L_D: 1.1 } }],
    networks: { generator: [tf.tensor2d([[1, -2.5], [3e-9, 4]]), tf.tensor1d([0.1])], discriminator: [tf.scalar(7)] },
    optimizers: { generator: [{ name: 'iter', tensor: tf.scalar(40, 'int32') }, { name: 'm', tensor: tf.tensor1d([0.5, NaN]) }] },
  };
}

test('a checkpoint reads back exactly what was written', () => {
  const file = tempFile();
  const written = example();
  writeCheckpoint(file, written);
  const read = readCheckpoint(file);
  const { networks, optimizers, format, ...state } = read;
  assert.equal(format, 2);
  const { networks: wn, optimizers: wo, ...writtenState } = written;
  assert.deepEqual(state, writtenState);
  for (const name of Object.keys(wn)) {
    assert.deepEqual(networks[name].map((t) => [t.shape, t.dtype, Array.from(t.dataSync())]), wn[name].map((t) => [t.shape, t.dtype, Array.from(t.dataSync())]));
  }
  assert.deepEqual(optimizers.generator.map((w) => [w.name, w.tensor.dtype, Array.from(w.tensor.dataSync())]),
    [['iter', 'int32', [40]], ['m', 'float32', [0.5, NaN]]]);
});

test('a truncated or foreign file is refused with a message that names it and says what to do', () => {
  const file = tempFile();
  writeCheckpoint(file, example());
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  assert.throws(() => readCheckpoint(file), new RegExp(`${file} is not a readable genlab checkpoint \\(truncated at ` +
    'optimiser state m of generator \\(shape 2\\)\\)\\. Restore it from a copy, or delete it'));
  fs.writeFileSync(file, '{"kind": "not a checkpoint"}');
  assert.throws(() => readCheckpoint(file), /not a readable genlab checkpoint \(its first bytes are not "GENLABCK"/);
});

test('killing a process while it rewrites checkpoints leaves a whole checkpoint', async () => {
  const file = tempFile();
  // A child that rewrites a checkpoint in a loop on a slow disk (each write call takes 30 ms more), so a kill
  // almost always lands in the middle of a write; it says "ready" after the first complete checkpoint.
  const script = `
    const fs = require('fs');
    const write = fs.writeSync;
    fs.writeSync = (...args) => { const n = write(...args); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30); return n; };
    const tf = require('@tensorflow/tfjs');
    const { writeCheckpoint } = require(${JSON.stringify(path.join(__dirname, '..', 'src', 'storage', 'checkpoint.ts'))});
    const weights = [tf.fill([1000, 100], 0.25)];
    for (let epoch = 1; ; epoch++) {
      writeCheckpoint(${JSON.stringify(file)}, { kind: 'big', settings: {}, epoch, step: epoch, history: [], networks: { net: weights }, optimizers: {} });
      if (epoch === 1) console.log('ready');
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 100));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const read = readCheckpoint(file);
  assert.ok(read.epoch >= 1);
  assert.equal(read.networks.net[0].dataSync().every((v) => v === 0.25), true);
});
