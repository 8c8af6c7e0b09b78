import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTransformer, CharVocabulary, generateText, samplingTradeoff, withSeed } from '../src';

const vocabulary = CharVocabulary.of('abc ');
const lm = withSeed(1, () =>
  buildTransformer({ vocabularySize: vocabulary.size, contextLength: 4, modelDim: 8, numLayers: 1, numHeads: 2 }),
);

test('generation is repeatable by its seed, greedy decoding writes the same text in every sample, and the window slides', () => {
  const a = generateText(lm, vocabulary, 'ab', { length: 9, count: 3, seed: 5 });
  const b = generateText(lm, vocabulary, 'ab', { length: 9, count: 3, seed: 5 });
  assert.deepEqual(a, b);
  assert.ok(a.texts.every((t) => t.length === 9)); // longer than the context of 4: older characters fall out
  const greedy = generateText(lm, vocabulary, 'ab', { length: 6, count: 3, seed: 5, temperature: 0 });
  assert.equal(new Set(greedy.texts).size, 1);
  assert.ok(greedy.bitsPerChar < a.bitsPerChar);
});

test('the trade-off table measures each setting; bad prompts and options are clear errors', () => {
  const rows = samplingTradeoff(
    lm,
    vocabulary,
    [
      { name: 'greedy', options: { temperature: 0 } },
      { name: 'hot', options: { temperature: 2 } },
    ],
    { prompt: 'a', length: 12, count: 2, seed: 1 },
  );
  assert.deepEqual(
    rows.map((r) => r.name),
    ['greedy', 'hot'],
  );
  assert.ok(rows[0].distinct4 <= rows[1].distinct4);
  assert.throws(() => generateText(lm, vocabulary, '', { length: 3, seed: 1 }), /The prompt is empty/);
  assert.throws(
    () => generateText(lm, vocabulary, 'abd', { length: 3, seed: 1 }),
    /The character "d" \(U\+0064\) at position 2/,
  );
  assert.throws(() => generateText(lm, vocabulary, 'a', { length: 3, seed: 1, topP: 2 }), /topP must be in \(0, 1\]/);
});
