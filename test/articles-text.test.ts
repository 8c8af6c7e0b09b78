import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  checkRequirement,
  generateTokens,
  gpt2ParameterCount,
  GPT2_SMALL,
  listing12Requirements,
  listing12Tokenize,
  listing6Decoder,
  logitsAtEveryPosition,
  nGramStandIn,
  NextTokenLogits,
  padSequences,
} from '../src/articles';

test('pip cannot read the listing\'s "2.x" pins; "pytorch==1.8" reads, and names the wrong project', () => {
  assert.deepEqual(
    listing12Requirements.map((line) => checkRequirement(line).valid),
    [false, false, true],
  );
  assert.deepEqual(checkRequirement('pytorch==1.8'), { name: 'pytorch', specifier: '==1.8', valid: true });
  assert.deepEqual(checkRequirement('tensorflow==2.*'), { name: 'tensorflow', specifier: '==2.*', valid: true });
  assert.equal(checkRequirement('torch>=1.8,<2').valid, true);
  assert.equal(checkRequirement('torch').valid, true);
  assert.equal(checkRequirement('-torch').valid, false);
});

test("padSequences pads and truncates like Keras's pad_sequences (its documented examples)", () => {
  const rows = (t: tf.Tensor) => t.arraySync();
  assert.deepEqual(rows(padSequences([[1], [2, 3], [4, 5, 6]])), [
    [0, 0, 1],
    [0, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences([[1], [2, 3], [4, 5, 6]], { value: -1 })), [
    [-1, -1, 1],
    [-1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences([[1], [2, 3], [4, 5, 6]], { padding: 'post' })), [
    [1, 0, 0],
    [2, 3, 0],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2 })), [
    [0, 1],
    [2, 3],
    [5, 6],
  ]);
  assert.deepEqual(rows(padSequences([[4, 5, 6]], { maxlen: 2, truncating: 'post' })), [[4, 5]]);
});

test('padSequences on one sequence whose single element is a list of ids gives [1, maxlen, ids], not [1, maxlen]', () => {
  const padded = padSequences([[[7, 8, 9]]], { maxlen: 4, padding: 'post' });
  assert.deepEqual(padded.shape, [1, 4, 3]);
  assert.deepEqual(padded.arraySync(), [
    [
      [7, 8, 9],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
  ]);
  assert.throws(
    () => padSequences([[[1, 2]], [[1, 2, 3]]]),
    /sequence 1 holds an element of shape \[3\], but the first sequence's elements have shape \[2\]/,
  );
});

test('padSequences casts float logits to int32 by truncation toward zero, as NumPy does', () => {
  const padded = padSequences(
    [
      [
        [-1.7, 2.9],
        [0.4, -0.6],
      ],
    ],
    { maxlen: 3, padding: 'post' },
  );
  assert.equal(padded.dtype, 'int32');
  assert.deepEqual(padded.arraySync(), [
    [
      [-1, 2],
      [0, 0],
      [0, 0],
    ],
  ]);
  assert.deepEqual(padSequences([[0.5]], { dtype: 'float32' }).arraySync(), [[0.5]]);
});

/** A model that counts its calls and always prefers token (last + 1) mod 5. */
function countingModel(): { model: NextTokenLogits; contexts: number[][] } {
  const contexts: number[][] = [];
  const model: NextTokenLogits = (ids) => {
    contexts.push([...ids]);
    const logits = new Float32Array(5).fill(0);
    logits[(ids[ids.length - 1] + 1) % 5] = 3;
    return logits;
  };
  return { model, contexts };
}

test('logitsAtEveryPosition gives, at position i, the logits from ids[0..i]: one row per position', () => {
  const { model, contexts } = countingModel();
  const logits = logitsAtEveryPosition(model, [2, 0, 4]);
  assert.deepEqual(logits.shape, [3, 5]);
  assert.deepEqual(contexts, [[2], [2, 0], [2, 0, 4]]);
  assert.deepEqual(Array.from(logits.argMax(1).dataSync()), [3, 1, 0]);
});

test('generateTokens samples, appends and repeats: the model sees every token it produced', () => {
  const { model, contexts } = countingModel();
  const ids = generateTokens(model, [1, 2], { maxNewTokens: 4, topK: 1, seed: 1 });
  assert.deepEqual(ids, [1, 2, 3, 4, 0, 1]); // top-1 is greedy: always the preferred token
  assert.deepEqual(
    contexts.map((c) => c.length),
    [2, 3, 4, 5],
  );
  assert.deepEqual(contexts[3], [1, 2, 3, 4, 0]);
  const again = (seed: number) => generateTokens(countingModel().model, [1], { maxNewTokens: 30, seed });
  assert.deepEqual(again(3), again(3));
  assert.notDeepEqual(again(3), again(4));
  assert.throws(
    () => generateTokens(model, [1], { maxNewTokens: 1, temperature: 0, seed: 1 }),
    /temperature must be above 0/,
  );
});

test('generateTokens draws from softmax(logits / temperature)', () => {
  // Two tokens with probabilities 1/4 and 3/4; at temperature 2 they become 1/(1 + √3) and √3/(1 + √3).
  const model: NextTokenLogits = () => new Float32Array([Math.log(1), Math.log(3)]);
  const shareOfOnes = (temperature: number) => {
    const drawn = generateTokens(model, [], { maxNewTokens: 20_000, temperature, seed: 5 });
    return drawn.filter((id) => id === 1).length / drawn.length;
  };
  assert.ok(Math.abs(shareOfOnes(1) - 0.75) < 0.01, `share ${shareOfOnes(1)}`);
  assert.ok(Math.abs(shareOfOnes(2) - Math.sqrt(3) / (1 + Math.sqrt(3))) < 0.01);
});

test('nGramStandIn continues the longest context the text holds, and falls back to token counts', () => {
  const model = nGramStandIn([1, 2, 3, 5, 2, 4, 9], 10, 2);
  const probabilities = (ids: number[]) => Array.from(tf.softmax(tf.tensor1d(model(ids))).dataSync());
  const afterOneTwo = probabilities([7, 1, 2]); // "1 2" was followed by 3 only
  assert.ok(afterOneTwo[3] > 1 - 1e-6);
  assert.ok(afterOneTwo[9] < 1e-8 && afterOneTwo[9] > 0);
  const afterSevenTwo = probabilities([7, 2]); // "7 2" never occurs; "2" was followed by 3 once and by 4 once
  assert.ok(Math.abs(afterSevenTwo[3] - 0.5) < 1e-6 && Math.abs(afterSevenTwo[4] - 0.5) < 1e-6);
  const afterEight = probabilities([8]); // 8 never occurs: each token as often as in the text
  assert.ok(Math.abs(afterEight[2] - 2 / 7) < 1e-6 && Math.abs(afterEight[9] - 1 / 7) < 1e-6);
});

test('gpt2ParameterCount: GPT-2 small has 124,439,808 parameters, and a tiny configuration adds up by hand', () => {
  assert.equal(gpt2ParameterCount(GPT2_SMALL), 124_439_808);
  // 1 layer, width 2, context 3, vocabulary 5: embeddings 10 + 6; block 2·4 (layer norms) + (2·6 + 6) + (2·2 + 2)
  // + (2·8 + 8) + (8·2 + 2) = 74; final layer norm 4.
  assert.equal(gpt2ParameterCount({ layers: 1, width: 2, contextLength: 3, vocabularySize: 5 }), 94);
});

test('a Keras model has no tokenizer', () => {
  assert.throws(
    () => listing12Tokenize(listing6Decoder(), '人工智能'),
    /Cannot read properties of undefined \(reading 'encode'\)/,
  );
});
