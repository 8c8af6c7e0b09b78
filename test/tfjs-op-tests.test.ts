// tfjs's own op tests, as @tensorflow/tfjs-core ships them compiled in dist/, run against the backend genlab selects:
// with the native kernels (when built) and on wasm alone. They cover every kernel genlab replaces: Conv2D,
// FusedConv2D and both convolution gradients, Conv2DBackpropInput as the transposed convolution, BatchMatMul and
// _FusedMatMul, MaxPool and MaxPoolGrad, LeakyRelu and Tile; Relu, Sigmoid, Tanh, Square, Greater, Select (where),
// FusedBatchNorm, Sum and Mean (moments too), Add, Sub, Multiply and RealDiv, Neg, Step, Identity (clone), and
// Adam's update (its optimizer's tests). Cast's own tests sit in tfjs's tensor_test among hundreds of others;
// wasm-kernels.test.ts checks genlab's Cast. They are ES modules with extension-less imports, so
// esbuild bundles them with genlab's backend code into one tfjs-core; they are used from node_modules, not copied.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND } from '../src/backend/native-kernels/addon';
import { EXCLUDED } from './support/tfjs-op-tests/excluded';

const root = path.resolve(__dirname, '..');
const MARK = 'genlab-op-tests '; // as in support/tfjs-op-tests/run.ts
const TEST_FILES = [
  'conv2d_test',
  'conv2d_transpose_test',
  'mat_mul_test',
  'max_pool_test',
  'leaky_relu_test',
  'tile_test',
  'fused/fused_conv2d_test',
  'fused/fused_mat_mul_test',
  'relu_test',
  'sigmoid_test',
  'tanh_test',
  'square_test',
  'greater_test',
  'where_test',
  'batchnorm_test',
  'moments_test',
  'sum_test',
  'mean_test',
  'clone_test',
  'add_test',
  'sub_test',
  'arithmetic_test',
  'neg_test',
  'step_test',
  'floor_test',
  'softplus_test',
]
  .map((file) => `ops/${file}`)
  .concat('optimizers/adam_optimizer_test');
// Inside the checkout (ignored), so that what the bundle leaves to run time (jasmine-core, the wasm package's files)
// resolves from its node_modules.
const bundle = path.join(root, '.cache', 'tfjs-op-tests', 'bundle.js');

before(async () => {
  const entry = ["import './setup';", ...TEST_FILES.map((file) => `import '@tensorflow/tfjs-core/dist/${file}';`)].join(
    '\n',
  );
  await esbuild.build({
    stdin: { contents: entry, resolveDir: path.join(__dirname, 'support', 'tfjs-op-tests'), loader: 'ts' },
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'], // tfjs-core's ES modules everywhere: one instance for the tests and our kernels
    ignoreAnnotations: true, // tfjs-core declares its test files free of side effects; registering tests is one
    external: ['jasmine-core'], // the runner's own, whose globals the tests use
    logLevel: 'error',
    plugins: [
      {
        name: 'native-addon-at-run-time',
        // The addon is found next to its loader's own file, so that module stays where it is.
        setup(build) {
          build.onResolve({ filter: /\/addon$/ }, (args) => ({
            path: path.resolve(args.resolveDir, `${args.path}.ts`),
            external: true,
          }));
        },
      },
    ],
  });
});

for (const backend of ['native', 'wasm']) {
  const skip =
    backend === 'native' && !fs.existsSync(NATIVE_ADDON_FILE)
      ? `the native addon is not built (run ${NATIVE_BUILD_COMMAND})`
      : false;
  test(
    `tfjs's op tests pass on ${backend}, except the ${EXCLUDED.length} cases listed with their reasons`,
    { skip },
    () => {
      // One wasm thread: the tests reset tfjs's engine, which restarts the backend without genlab's threaded set-up.
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'support', 'tfjs-op-tests', 'run.ts'), bundle],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, GENLAB_BACKEND: backend, GENLAB_WASM_THREADS: '1' },
          maxBuffer: 1 << 26,
        },
      );
      const lines = result.stdout
        .split('\n')
        .filter((line) => line.startsWith(MARK))
        .map((line) => JSON.parse(line.slice(MARK.length)));
      const summary = lines.at(-1);
      assert.ok(summary?.overall, `the Jasmine run did not finish: ${result.stderr.slice(-2000)}`);
      const failures = lines
        .filter((line) => line.failed !== undefined)
        .map((line) => `${line.failed}: ${line.messages.join(' | ')}`);
      assert.deepEqual(failures, []);
      assert.ok(summary.passed > 400, `only ${summary.passed} cases ran`);
    },
  );
}
