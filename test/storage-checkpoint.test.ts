// Checkpoint files: exact round trip, every damaged byte detected by its checksum, checkpoints of the format before
// checksums still read, atomic replacement under SIGKILL, and the optimiser state that only storage/ may reach.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  captureTraining,
  Checkpoint,
  checkpointFile,
  numberSettings,
  readCheckpoint,
  readSettings,
  writeCheckpoint,
} from '../src/storage';
import { fit } from '../src/training';
import { tempDir } from './support/temp';
import { tinyData, tinyTrainer } from './support/tiny-trainer';

const tempFile = () => path.join(tempDir('ckpt'), 'checkpoint.bin');

function example(): Checkpoint {
  return {
    kind: 'gan',
    settings: { seed: 3, latentDim: 2 },
    epoch: 2,
    step: 40,
    history: [
      { epoch: 1, steps: 20, seconds: 1.5, metrics: { L_D: 1.2 } },
      { epoch: 2, steps: 40, seconds: 1.4, metrics: { L_D: 1.1 } },
    ],
    networks: {
      generator: [
        tf.tensor2d([
          [1, -2.5],
          [3e-9, 4],
        ]),
        tf.tensor1d([0.1]),
      ],
      discriminator: [tf.scalar(7)],
    },
    optimizers: {
      generator: [
        { name: 'iter', tensor: tf.scalar(40, 'int32') },
        { name: 'm', tensor: tf.tensor1d([0.5, NaN]) },
      ],
    },
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
    assert.deepEqual(
      networks[name].map((t) => [t.shape, t.dtype, Array.from(t.dataSync())]),
      wn[name].map((t) => [t.shape, t.dtype, Array.from(t.dataSync())]),
    );
  }
  assert.deepEqual(
    optimizers.generator.map((w) => [w.name, w.tensor.dtype, Array.from(w.tensor.dataSync())]),
    [
      ['iter', 'int32', [40]],
      ['m', 'float32', [0.5, NaN]],
    ],
  );
});

test('a truncated or foreign file is refused with a message that names it and says what to do', () => {
  const file = tempFile();
  writeCheckpoint(file, example());
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  assert.throws(
    () => readCheckpoint(file),
    new RegExp(
      `${file} is not a readable genlab checkpoint \\(truncated at ` +
        'optimiser state m of generator \\(shape 2\\)\\)\\. Restore it from a copy, or delete it',
    ),
  );
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
  assert.equal(
    read.networks.net[0].dataSync().every((v) => v === 0.25),
    true,
  );
});

/** A real checkpoint: a tiny classifier and its Adam state after one epoch of fit. */
async function realCheckpoint(): Promise<string> {
  const runDir = tempDir('ckpt');
  await fit(tinyTrainer(3), { data: tinyData(), numEpochs: 1, batchSize: 16, seed: 7, runDir });
  return checkpointFile(runDir);
}

interface Entry {
  group: string;
  name: string;
  shape: number[];
  dtype: string;
}

/** The parts of a format-2 file, as its layout (src/storage/checkpoint.ts) defines them: header bytes, then each tensor. */
function layout(bytes: Buffer): { headerEnd: number; tensors: { start: number; end: number; entry: Entry }[] } {
  const jsonEnd = 16 + bytes.readUInt32LE(12);
  const { tensors } = JSON.parse(bytes.toString('utf8', 16, jsonEnd)) as { tensors: Entry[] };
  const headerEnd = jsonEnd + ((4 - (jsonEnd % 4)) % 4) + 4; // padding, then the header's CRC32
  let start = headerEnd;
  return {
    headerEnd,
    tensors: tensors.map((entry) => {
      const end = start + 4 * entry.shape.reduce((a, b) => a * b, 1);
      const part = { start, end, entry };
      start = end;
      return part;
    }),
  };
}

test('every byte of a real checkpoint, flipped, is detected on load, naming the file and the damaged part', async () => {
  const file = await realCheckpoint();
  const good = fs.readFileSync(file);
  const { headerEnd, tensors } = layout(good);
  assert.equal(tensors.at(-1)!.end, good.length);
  const groups = new Set(tensors.map((t) => t.entry.group));
  assert.deepEqual([...groups], ['network:net', 'optimizer:net']);
  assert.ok(
    ['iter', 'accBeta1', 'accBeta2'].every((name) => tensors.some((t) => t.entry.name === name)),
    'Adam state is saved',
  );
  const tensorsBefore = tf.memory().numTensors;
  const fd = fs.openSync(file, 'r+');
  for (let position = 0; position < good.length; position++) {
    fs.writeSync(fd, Uint8Array.of(good[position] ^ 0xff), 0, 1, position);
    const part = tensors.find((t) => position >= t.start && position < t.end)?.entry;
    const expected = !part
      ? 'header'
      : part.group === 'network:net'
        ? `weight ${part.name} of network net (shape ${part.shape.join('×') || 'scalar'})`
        : `optimiser state ${part.name} of net (shape ${part.shape.join('×') || 'scalar'})`;
    assert.throws(
      () => readCheckpoint(file),
      (error: Error) => {
        assert.ok(error.message.startsWith(`${file} is `), `byte ${position}: ${error.message}`);
        assert.ok(error.message.includes(expected), `byte ${position} should name ${expected}: ${error.message}`);
        if (part)
          assert.match(
            error.message,
            /fails its checksum.* It holds a tiny run at the end of epoch 1, step 3\. Restore it from a copy/,
          );
        return true;
      },
    );
    fs.writeSync(fd, good, position, 1, position);
  }
  fs.closeSync(fd);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'a damaged file allocates no tensor');
  assert.ok(
    headerEnd > 16 && good.length - headerEnd > 1000,
    `header ${headerEnd} bytes, tensors ${good.length - headerEnd}`,
  );
  assert.equal(readCheckpoint(file).format, 2, 'the file is whole again');
});

/** The same checkpoint in format 1, as genlab wrote before checksums: no format field, no CRCs. */
function toFormat1(bytes: Buffer): Buffer {
  const { headerEnd } = layout(bytes);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + bytes.readUInt32LE(12)));
  for (const entry of header.tensors) delete entry.crc32;
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const padding = Buffer.alloc((4 - ((12 + json.length) % 4)) % 4, 0x20);
  return Buffer.concat([Buffer.from('GENLABCK'), length, json, padding, bytes.subarray(headerEnd)]);
}

test('a format-1 checkpoint (before checksums) is read with one warning, and resuming its run rewrites it in format 2', async (t) => {
  const file = await realCheckpoint();
  const current = readCheckpoint(file);
  fs.writeFileSync(file, toFormat1(fs.readFileSync(file)));
  const warn = t.mock.method(console, 'warn', () => {});
  const old = readCheckpoint(file);
  readCheckpoint(file).networks.net.forEach((w) => w.dispose());
  assert.equal(old.format, 1);
  assert.deepEqual(
    warn.mock.calls.map((call) => call.arguments.join(' ')),
    [
      `genlab: ${file} was written by an older ` +
        'genlab (checkpoint format 1, without checksums), so damage to it cannot be detected; it is read as before. ' +
        'Resuming its run rewrites it in format 2.',
    ],
  );
  const values = (c: Checkpoint) =>
    [...c.networks.net, ...c.optimizers.net.map((w) => w.tensor)].map((w) => Array.from(w.dataSync()));
  assert.deepEqual(values(old), values(current));
  await fit(tinyTrainer(3), {
    data: tinyData(),
    numEpochs: 1,
    batchSize: 16,
    seed: 7,
    runDir: path.dirname(file),
    resume: true,
  });
  const upgraded = readCheckpoint(file);
  assert.equal(upgraded.format, 2);
  assert.deepEqual(values(upgraded), values(current));
});

test("the optimiser state includes Adam's running powers β₁ᵗ, β₂ᵗ (tfjs internals: this fails if tfjs renames them)", async () => {
  const trainer = tinyTrainer(3);
  const batch = { images: tf.ones([4, 4, 4, 1]) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 2, 0], 'int32') };
  await trainer.step(batch, 1);
  await trainer.step(batch, 2);
  const captured = await captureTraining(trainer);
  const state = new Map(captured.optimizers.net.map((w) => [w.name, w.tensor.dataSync()[0]]));
  captured.release();
  tf.dispose([batch.images, batch.labels]);
  // tfjs's Adam starts its running products at β and multiplies them by β after each step: β³ after two steps.
  assert.ok(Math.abs(state.get('accBeta1')! - 0.9 ** 3) < 1e-6, `accBeta1 ${state.get('accBeta1')}`);
  assert.ok(Math.abs(state.get('accBeta2')! - 0.999 ** 3) < 1e-6, `accBeta2 ${state.get('accBeta2')}`);
  assert.equal(state.get('iter'), 2);
});

test('settings written by an older genlab read as named choices; numberSettings names a missing or non-numeric setting', () => {
  assert.deepEqual(readSettings({ latentDim: 4, 'architecture=mlp': 1, 'dilations=1,2,4': 1, seed: 0 }), {
    latentDim: 4,
    architecture: 'mlp',
    dilations: '1,2,4',
    seed: 0,
  });
  assert.deepEqual(readSettings({ architecture: 'mlp', learningRate: 1e-3 }), {
    architecture: 'mlp',
    learningRate: 1e-3,
  });
  assert.deepEqual(numberSettings({ latentDim: 4, architecture: 'mlp' }, ['latentDim'], 'f'), { latentDim: 4 });
  assert.throws(
    () => numberSettings({ architecture: 'mlp' }, ['latentDim', 'architecture'], 'run/checkpoint.bin'),
    /run\/checkpoint\.bin records no number for latentDim, architecture, so its network cannot be rebuilt/,
  );
});
