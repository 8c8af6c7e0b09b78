// withSeed (src/training/seeded.ts) seeds tfjs's unseeded random ops by swapping Math.random for one synchronous call.
// That works only while the pinned tfjs draws their seeds from Math.random: the first test fails loudly if it stops.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { withSeed } from '../src/training';

before(() => selectBackend({ quiet: true }));

/** How many times `fn` calls Math.random. */
function mathRandomCalls(fn: () => void): number {
  const original = Math.random;
  let calls = 0;
  Math.random = () => {
    calls++;
    return 0.25;
  };
  try {
    tf.tidy(fn);
  } finally {
    Math.random = original;
  }
  return calls;
}

test('tfjs draws the seeds of its unseeded random ops and initialisers from Math.random, which withSeed relies on', () => {
  const uses: Record<string, () => void> = {
    'tf.randomNormal': () => {
      tf.randomNormal([4]);
    },
    'tf.randomUniform': () => {
      tf.randomUniform([4]);
    },
    'a glorotUniform kernel (every Dense and Conv2D layer)': () => {
      tf.layers.dense({ units: 2, inputShape: [3] }).apply(tf.zeros([1, 3]));
    },
    'a dropout mask': () => {
      tf.layers.dropout({ rate: 0.5 }).apply(tf.ones([1, 8]), { training: true });
    },
  };
  for (const [what, use] of Object.entries(uses)) {
    assert.ok(
      mathRandomCalls(use) > 0,
      `${what} no longer draws from Math.random in this tfjs (${tf.version.tfjs}): withSeed ` +
        'would silently stop seeding it, and runs would stop repeating. Pass that op an explicit seed, or seed it another way.',
    );
  }
});

test('withSeed fixes initial weights and noise, differs between seeds, and restores Math.random', () => {
  const draw = (seed: number) =>
    withSeed(seed, () =>
      tf.tidy(() => {
        const layer = tf.layers.dense({ units: 3, inputShape: [4] });
        const out = layer.apply(tf.randomNormal([2, 4])) as tf.Tensor;
        const values = [...layer.getWeights()[0].dataSync(), ...out.dataSync()];
        layer.dispose();
        return values;
      }),
    );
  const original = Math.random;
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
  assert.equal(Math.random, original);
  assert.throws(() => withSeed(1, async () => 0), /withSeed takes a synchronous function/);
  assert.equal(Math.random, original);
});
