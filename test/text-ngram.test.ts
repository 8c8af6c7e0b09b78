import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitsPerCharacter, kneserNeyModel, unigramModel } from '../src/text';

const text = 'the cat sat on the mat. the whale sat on the sea. a cat and a whale.';
const vocabulary = [...new Set(text + 'xyz')].sort(); // three characters the text never uses

test("every model's next-character probabilities sum to 1 over the vocabulary, in seen and unseen contexts", () => {
  const models = [unigramModel(text, vocabulary), ...[1, 2, 3, 5].map((n) => kneserNeyModel(text, vocabulary, n))];
  for (const model of models) {
    for (const context of ['', 't', 'th', 'the ', ' wh', 'zzz', 'xq', '. a ']) {
      const total = vocabulary.reduce((sum, c) => sum + model.probability(context, c), 0);
      assert.ok(
        Math.abs(total - 1) < 1e-12,
        `order ${model.contextLength + 1}, context ${JSON.stringify(context)}: ${total}`,
      );
      for (const c of vocabulary) assert.ok(model.probability(context, c) > 0, 'no character gets probability 0');
    }
  }
});

test('the unigram model is add-one smoothing: (count + 1) / (N + V)', () => {
  const model = unigramModel('aab', ['a', 'b', 'c']);
  assert.equal(model.probability('', 'a'), 3 / 6);
  assert.equal(model.probability('', 'c'), 1 / 6);
});

test('Kneser-Ney by hand: a bigram model of "abab"', () => {
  // Bigrams ab ×2, ba ×1: n₁ = 1, n₂ = 1, so D₂ = 1/3. Continuation counts of the unigram level: a is preceded by one
  // type (b), b by one type (a): each 1 of 2, n₁ = 2, n₂ = 0, D₁ = 1; with V = 3, p₁(a) = 0 + 1·2/2·1/3 = 1/3 for all.
  // p(b | a) = (2 − 1/3)/2 + (1/3 · 1/2)·1/3 = 5/6 + 1/18 = 8/9.
  const model = kneserNeyModel('abab', ['a', 'b', 'c'], 2);
  assert.ok(Math.abs(model.probability('a', 'b') - 8 / 9) < 1e-12);
  assert.ok(Math.abs(model.probability('a', 'c') - 1 / 18) < 1e-12);
  assert.ok(Math.abs(model.probability('c', 'a') - 1 / 3) < 1e-12); // unseen context: the unigram level
});

test('on text like its training text, a higher order needs fewer bits per character than the unigram', () => {
  const long = text.repeat(20);
  const unigram = bitsPerCharacter(unigramModel(long, vocabulary), text);
  const trigram = bitsPerCharacter(kneserNeyModel(long, vocabulary, 3), text);
  assert.ok(trigram < unigram - 1, `${trigram} vs ${unigram}`);
  assert.ok(Math.abs(bitsPerCharacter(unigramModel('ab', ['a', 'b']), 'ab') - 1) < 1e-12); // p = 1/2 each: 1 bit
});

test('bad input: characters outside the vocabulary, a wrong order, an empty text', () => {
  assert.throws(() => kneserNeyModel('abc', ['a', 'b'], 2), /The character "c" is not in the vocabulary/);
  assert.throws(() => kneserNeyModel('abc', ['a', 'b', 'c'], 0), /order must be a whole number ≥ 1/);
  assert.throws(() => bitsPerCharacter(unigramModel('ab', ['a', 'b']), ''), /at least one character/);
});

/** Interpolated Kneser-Ney straight from its definition, by counting substrings: a slow, independent reference. */
function kneserNeyByDefinition(
  text: string,
  vocabulary: string[],
  order: number,
  context: string,
  next: string,
): number {
  const occurrences = (n: number) => {
    const grams = new Map<string, number>();
    for (let i = 0; i + n <= text.length; i++)
      grams.set(text.slice(i, i + n), (grams.get(text.slice(i, i + n)) ?? 0) + 1);
    return grams;
  };
  // Counts of level n: raw at the top, else how many different characters precede the n-gram in the text.
  const levelCounts = (n: number) => {
    if (n === order) return occurrences(n);
    const counts = new Map<string, number>();
    for (const gram of occurrences(n + 1).keys()) counts.set(gram.slice(1), (counts.get(gram.slice(1)) ?? 0) + 1);
    return counts;
  };
  const p = (n: number, history: string): number => {
    if (n === 0) return 1 / vocabulary.length;
    const counts = levelCounts(n);
    const values = [...counts.values()];
    const [n1, n2] = [values.filter((c) => c === 1).length, values.filter((c) => c === 2).length];
    const discount = n1 > 0 ? n1 / (n1 + 2 * n2) : 0.75;
    const h = history.slice(history.length - (n - 1));
    const following = [...counts].filter(([gram]) => gram.slice(0, -1) === h);
    const lower = p(n - 1, history);
    if (following.length === 0) return lower;
    const total = following.reduce((s, [, c]) => s + c, 0);
    return (Math.max((counts.get(h + next) ?? 0) - discount, 0) + discount * following.length * lower) / total;
  };
  return p(order, context.slice(context.length - (order - 1)));
}

test('Kneser-Ney matches its definition computed by counting substrings, in seen and unseen contexts', () => {
  const periodic = 'the cat sat on the mat. the whale sat on the sea. '.repeat(3);
  const letters = [...new Set(periodic + 'xz')].sort();
  for (const order of [2, 3, 4]) {
    const model = kneserNeyModel(periodic, letters, order);
    for (const context of ['the ', 'at ', 'sea', 'x t', 'zz', 'e w']) {
      for (const next of ['t', 'h', ' ', 'a', 'x', '.']) {
        const expected = kneserNeyByDefinition(periodic, letters, order, context, next);
        assert.ok(
          Math.abs(model.probability(context, next) - expected) < 1e-12,
          `order ${order}, p(${next}|${context}): ${model.probability(context, next)} vs ${expected}`,
        );
      }
    }
  }
});
