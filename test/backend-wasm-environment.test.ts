// The patches of src/backend/wasm-environment.ts against the pinned @tensorflow/tfjs-backend-wasm: if a new version
// stops reading os.cpus() or calling URL.createObjectURL while it starts, these tests say so instead of genlab
// silently training on one thread. The backend starts once per process, and each test file has its own process.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { withThreadedWasmPatches, writeWorkerScript } from '../src/backend/wasm-environment';

// More than this 2-core machine's half, which is all the C++ side allows without the os.cpus() patch.
const THREADS = 3;

test('the threaded wasm backend starts through both patches and runs the threads asked for', async () => {
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  tfWasm.setWasmPaths(path.join(packageDir, 'dist') + path.sep);
  tfWasm.setThreadsCount(THREADS);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  const workerFile = writeWorkerScript(packageDir, tfWasm.version_wasm);
  const use = await withThreadedWasmPatches(THREADS, workerFile, async () => {
    assert.ok(await tf.setBackend('wasm'), 'the threaded wasm backend failed to initialise');
  });
  const pinned = `@tensorflow/tfjs-backend-wasm ${tfWasm.version_wasm}`;
  assert.ok(use.cpus > 0, `${pinned} no longer reads os.cpus() while it starts: is the os.cpus() patch still needed?`);
  assert.ok(
    use.createObjectURL > 0,
    `${pinned} no longer calls URL.createObjectURL for its worker script: is that patch still needed?`,
  );
  const module = (tf.backend() as unknown as { wasm: { PThread: { runningWorkers: { unref(): void }[] } } }).wasm;
  // The calling thread is one of the pool's threads; each other one is a running worker.
  assert.equal(module.PThread.runningWorkers.length, THREADS - 1, `${pinned} does not run the threads asked for`);
  assert.deepEqual(Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()), [3, 3, 3, 3]);
  for (const worker of module.PThread.runningWorkers) worker.unref();
});

test('the patched globals are restored, also when the backend fails to start', async () => {
  const { cpus } = require('os');
  const { createObjectURL } = URL;
  await assert.rejects(
    withThreadedWasmPatches(THREADS, 'worker.js', async () => {
      assert.equal(os.cpus().length, 2 * THREADS);
      assert.equal(URL.createObjectURL(new Blob([])), 'worker.js');
      throw new Error('failed to start');
    }),
    /failed to start/,
  );
  assert.equal(require('os').cpus, cpus);
  assert.equal(URL.createObjectURL, createObjectURL);
});
