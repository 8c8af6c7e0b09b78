// Backend choice happens once per process, so each case runs in a fresh Node process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..');

function startBackend(env: Record<string, string | undefined>) {
  const script = "require('./src/backend/select').selectBackend()" +
    ".then(r => console.log('ACTIVE=' + require('@tensorflow/tfjs').getBackend() + ' REPORT=' + r.active))" +
    '.catch(e => { console.error(e.message); process.exit(3); })';
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, GENLAB_BACKEND: undefined, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const nativeInstalled = (name: string) => {
  try { require.resolve(name); return true; } catch { return false; }
};

test('picks the fastest backend that starts and prints one line saying why the faster ones did not', {
  skip: nativeInstalled('@tensorflow/tfjs-node') ? 'tfjs-node is installed here, so the fallback cannot be seen' : false,
}, () => {
  const { status, stdout } = startBackend({});
  assert.equal(status, 0);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 2, stdout);
  assert.match(lines[0], /^TensorFlow\.js backend: wasm \(SIMD, \d+ threads?\)/);
  assert.match(lines[0], /@tensorflow\/tfjs-node-gpu not installed; to get it run `npm install @tensorflow\/tfjs-node-gpu`/);
  assert.match(lines[0], /@tensorflow\/tfjs-node not installed; to get it run `npm install @tensorflow\/tfjs-node`/);
  assert.equal(lines[1], 'ACTIVE=wasm REPORT=wasm');
});

test('GENLAB_BACKEND forces a backend and the line says so', () => {
  const { status, stdout } = startBackend({ GENLAB_BACKEND: 'cpu' });
  assert.equal(status, 0);
  assert.match(stdout, /^TensorFlow\.js backend: cpu \(plain JavaScript\) — forced by GENLAB_BACKEND=cpu\n/);
  assert.match(stdout, /ACTIVE=cpu REPORT=cpu/);
});

test('a forced backend that cannot start is an error, not a silent fallback', {
  skip: nativeInstalled('@tensorflow/tfjs-node') ? 'tfjs-node is installed here' : false,
}, () => {
  const { status, stderr } = startBackend({ GENLAB_BACKEND: 'node' });
  assert.equal(status, 3);
  assert.match(stderr, /GENLAB_BACKEND=node, but that backend failed: @tensorflow\/tfjs-node not installed.*Unset GENLAB_BACKEND/);
});

test('an unknown backend name lists the valid ones', () => {
  const { status, stderr } = startBackend({ GENLAB_BACKEND: 'gpu' });
  assert.equal(status, 3);
  assert.match(stderr, /GENLAB_BACKEND=gpu is not a backend; use one of node-gpu, node, wasm, cpu/);
});

test('on wasm, a kernel the backend lacks fails with a message saying what to do', () => {
  // Einsum has a cpu kernel but none for wasm; the bare tfjs error would be "Kernel 'Einsum' not registered".
  const script = "require('./src/backend/select').selectBackend({ quiet: true }).then(() => {" +
    " const tf = require('@tensorflow/tfjs');" +
    " try { tf.einsum('ij,jk->ik', tf.ones([2, 2]), tf.ones([2, 2])); } catch (e) { console.log(e.message); } })";
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, GENLAB_BACKEND: 'wasm' },
  });
  assert.match(result.stdout, /TensorFlow\.js has no 'Einsum' kernel for the wasm backend.*GENLAB_BACKEND=cpu/);
});
