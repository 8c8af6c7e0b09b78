// The models train the same on the native kernels as on wasm: a few seeded steps of each, in two processes (the
// backend is chosen once per process), reach the same losses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND } from '../src/backend/native-kernels/addon';

// Float32 sums in another order differ in the 6th or 7th digit: after 4 steps the losses differed by at most 2e-6
// (relative) when this was written; 1e-4 leaves room and still catches a kernel that is wrong anywhere.
const TOLERANCE = 1e-4;

function trainOn(backend: string): Record<string, number[]> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'train-steps.ts')], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, GENLAB_BACKEND: backend },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

test(
  `the models reach the same losses on native and on wasm (relative difference < ${TOLERANCE})`,
  {
    skip: fs.existsSync(NATIVE_ADDON_FILE) ? false : `the native addon is not built (run ${NATIVE_BUILD_COMMAND})`,
  },
  () => {
    const native = trainOn('native');
    const wasm = trainOn('wasm');
    assert.deepEqual(Object.keys(native), Object.keys(wasm));
    for (const model of Object.keys(wasm)) {
      assert.equal(native[model].length, wasm[model].length);
      native[model].forEach((loss, i) => {
        const difference = Math.abs(loss - wasm[model][i]) / Math.max(1e-6, Math.abs(wasm[model][i]));
        assert.ok(difference < TOLERANCE, `${model}, loss ${i}: native ${loss}, wasm ${wasm[model][i]}`);
      });
    }
  },
);
