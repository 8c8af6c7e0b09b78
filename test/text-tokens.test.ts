import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpt2Tokenizer as gpt2 } from '../src/text';

test("English words get the ids of GPT-2's published vocabulary (encoder.json)", () => {
  // encoder.json: "Hello" 15496, "Ġworld" 995, "The" 464, "Ġthe" 262 (Ġ marks a leading space), "<|endoftext|>" 50256.
  assert.deepEqual(gpt2.encode('Hello world'), [15496, 995]);
  assert.deepEqual(gpt2.encode('The'), [464]);
  assert.deepEqual(gpt2.encode(' the'), [262]);
  assert.deepEqual(gpt2.encode('<|endoftext|>'), [50256]);
  assert.equal(gpt2.vocabularySize, 50_257);
  assert.deepEqual(gpt2.tokenStrings([15496, 995]), ['Hello', ' world']);
});

test('decoding the encoding gives the text back, in any script', () => {
  for (const text of ['Generative adversarial networks, 2014.', '人工智能', 'naïve café — ½ ✓ 🙂', '  two  spaces\n']) {
    assert.equal(gpt2.decode(gpt2.encode(text)), text);
  }
});

test('Chinese text falls apart into byte tokens: more tokens than characters, most of them parts of a character', () => {
  const ids = gpt2.encode('人工智能');
  const pieces = gpt2.tokenStrings(ids);
  assert.equal(ids.length, 8); // 4 characters, 12 UTF-8 bytes
  assert.deepEqual(pieces.slice(0, 3), ['人', '<e5 b7>', '<a5>']); // 工 = e5 b7 a5, cut in two
  assert.equal(pieces.filter((p) => p.startsWith('<')).length, 7);
  // The pieces' bytes put back together are the text's own bytes.
  const bytes = pieces.flatMap((p) =>
    p.startsWith('<')
      ? p
          .slice(1, -1)
          .split(' ')
          .map((h) => parseInt(h, 16))
      : [...Buffer.from(p)],
  );
  assert.deepEqual(bytes, [...Buffer.from('人工智能')]);
  // A token alone that holds part of a character decodes to the replacement character.
  assert.equal(gpt2.decode([ids[1]]), '\uFFFD');
});

test('an id outside the vocabulary is an error that gives the range, not a silently dropped token', () => {
  assert.throws(
    () => gpt2.decode([15496, 50_257]),
    /50257 is not a GPT-2 token id: ids are whole numbers from 0 to 50256/,
  );
  assert.throws(() => gpt2.tokenStrings([-1]), RangeError);
  assert.throws(() => gpt2.decode([1.5]), RangeError);
});
