// Backend choice happens once per process, so each case runs in a fresh Node process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { NATIVE_ADDON_FILE } from '../src/backend/native-kernels/addon';

const root = path.resolve(__dirname, '..');
const nativeBuilt = fs.existsSync(NATIVE_ADDON_FILE);
/** Makes the child process see no built addon, as on a machine without g++ or libdnnl-dev. */
const HIDE_ADDON =
  "const fs = require('fs'); const exists = fs.existsSync;" +
  " fs.existsSync = (file) => !String(file).endsWith('genlab_dnnl.node') && exists(file);";

function startBackend(env: Record<string, string | undefined>, { hideAddon = false } = {}) {
  const script =
    (hideAddon ? HIDE_ADDON : '') +
    "require('./src/backend/select').selectBackend()" +
    ".then(r => console.log('ACTIVE=' + require('@tensorflow/tfjs').getBackend() + ' REPORT=' + r.active))" +
    '.catch(e => { console.error(e.message); process.exit(3); })';
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GENLAB_BACKEND: undefined, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const nativeInstalled = (name: string) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

const tfjsNodeSkip = nativeInstalled('@tensorflow/tfjs-node')
  ? 'tfjs-node is installed here, so the fallback cannot be seen'
  : false;

test(
  'picks the native kernels when built and prints one line saying why the faster backends did not start',
  {
    skip: tfjsNodeSkip || (nativeBuilt ? false : 'the native addon is not built here'),
  },
  () => {
    const { status, stdout } = startBackend({});
    assert.equal(status, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 2, stdout);
    assert.match(
      lines[0],
      /^TensorFlow\.js backend: native \(oneDNN 2\.\d+\.\d+ with OpenMP, \d+ threads?, on the wasm backend's memory; wasm SIMD, \d+ threads?\)/,
    );
    assert.match(
      lines[0],
      /@tensorflow\/tfjs-node-gpu not installed; to get it run `npm install @tensorflow\/tfjs-node-gpu`/,
    );
    assert.match(lines[0], /@tensorflow\/tfjs-node not installed; to get it run `npm install @tensorflow\/tfjs-node`/);
    assert.equal(lines[1], 'ACTIVE=wasm REPORT=native');
  },
);

test(
  'without the native addon it runs on wasm, and the line says how to build the addon',
  { skip: tfjsNodeSkip },
  () => {
    const { status, stdout } = startBackend({}, { hideAddon: true });
    assert.equal(status, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 2, stdout);
    assert.match(lines[0], /^TensorFlow\.js backend: wasm \(SIMD, \d+ threads?\)/);
    assert.match(
      lines[0],
      /native oneDNN kernels not built; to get them run `bash kernel-setup\/build-native\.sh` \(needs g\+\+ and libdnnl-dev/,
    );
    assert.equal(lines[1], 'ACTIVE=wasm REPORT=wasm');
  },
);

test('GENLAB_BACKEND=native without the addon is an error that says how to build it', () => {
  const { status, stderr } = startBackend({ GENLAB_BACKEND: 'native' }, { hideAddon: true });
  assert.equal(status, 3);
  assert.match(
    stderr,
    /GENLAB_BACKEND=native, but that backend failed: native oneDNN kernels not built; to get them run `bash kernel-setup\/build-native\.sh`/,
  );
});

test('GENLAB_BACKEND forces a backend and the line says so', () => {
  const { status, stdout } = startBackend({ GENLAB_BACKEND: 'cpu' });
  assert.equal(status, 0);
  assert.match(stdout, /^TensorFlow\.js backend: cpu \(plain JavaScript\) — forced by GENLAB_BACKEND=cpu\n/);
  assert.match(stdout, /ACTIVE=cpu REPORT=cpu/);
});

test(
  'a forced backend that cannot start is an error, not a silent fallback',
  {
    skip: nativeInstalled('@tensorflow/tfjs-node') ? 'tfjs-node is installed here' : false,
  },
  () => {
    const { status, stderr } = startBackend({ GENLAB_BACKEND: 'node' });
    assert.equal(status, 3);
    assert.match(
      stderr,
      /GENLAB_BACKEND=node, but that backend failed: @tensorflow\/tfjs-node not installed.*Unset GENLAB_BACKEND/,
    );
  },
);

test('an unknown backend name lists the valid ones', () => {
  const { status, stderr } = startBackend({ GENLAB_BACKEND: 'gpu' });
  assert.equal(status, 3);
  assert.match(stderr, /GENLAB_BACKEND=gpu is not a backend; use one of node-gpu, node, native, wasm, cpu/);
});

test('on wasm, a kernel the backend lacks fails with a message saying what to do', () => {
  // Einsum has a cpu kernel but none for wasm; the bare tfjs error would be "Kernel 'Einsum' not registered".
  const script =
    "require('./src/backend/select').selectBackend({ quiet: true }).then(() => {" +
    " const tf = require('@tensorflow/tfjs');" +
    " try { tf.einsum('ij,jk->ik', tf.ones([2, 2]), tf.ones([2, 2])); } catch (e) { console.log(e.message); } })";
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GENLAB_BACKEND: 'wasm' },
  });
  assert.match(result.stdout, /TensorFlow\.js has no 'Einsum' kernel for the wasm backend.*GENLAB_BACKEND=cpu/);
});

// oneDNN prints a line per primitive it runs when DNNL_VERBOSE=1: whether a convolution ran on it shows there.
function convolutionRunsOnOneDnn(backend: string | undefined): boolean {
  const script =
    "require('./src/backend/select').selectBackend({ quiet: true }).then(() => { const tf = require('@tensorflow/tfjs');" +
    " tf.conv2d(tf.ones([1, 8, 8, 16]), tf.ones([3, 3, 16, 16]), 1, 'same').dataSync(); })";
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GENLAB_BACKEND: backend, DNNL_VERBOSE: '1' },
  });
  assert.equal(result.status, 0, result.stderr);
  return /onednn_verbose,exec,cpu,convolution/.test(result.stdout);
}

test(
  'convolutions run on oneDNN by default, and GENLAB_BACKEND=wasm turns the native kernels off',
  {
    skip: tfjsNodeSkip || (nativeBuilt ? false : 'the native addon is not built here'),
  },
  () => {
    assert.equal(convolutionRunsOnOneDnn(undefined), true);
    assert.equal(convolutionRunsOnOneDnn('wasm'), false);
  },
);
