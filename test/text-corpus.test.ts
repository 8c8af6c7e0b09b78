import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { bytePairMerges, CharVocabulary, gpt2Tokenizer, loadMobyDick, readCorpusFile, splitCorpus } from '../src/text';
import { tempDir } from './support/temp';

test('Moby-Dick loads offline: over a million characters, its last tenth held out, cut at a line break', () => {
  const corpus = loadMobyDick();
  assert.ok(corpus.train.length > 1_000_000);
  const total = corpus.train.length + corpus.validation.length;
  assert.ok(Math.abs(corpus.validation.length / total - 0.1) < 0.01);
  assert.ok(corpus.train.startsWith('CONTENTS') || corpus.train.length > 0);
  assert.equal(corpus.validation[0], '\n');
  assert.match(corpus.train, /Call me Ishmael\./);
  // Every character of the held-out part occurs in the training part, so a vocabulary of the training text covers it.
  const vocabulary = CharVocabulary.of(corpus.train);
  assert.equal(vocabulary.decode(vocabulary.encode(corpus.validation)), corpus.validation);
});

test('characters round-trip through the vocabulary; one outside it is an error that names it and where', () => {
  const vocabulary = CharVocabulary.of('call me Ishmael');
  assert.equal(vocabulary.size, 9);
  assert.equal(vocabulary.decode(vocabulary.encode('Ishmael me')), 'Ishmael me');
  assert.throws(
    () => vocabulary.encode('call me Queequeg'),
    /The character "Q" \(U\+0051\) at position 8 of the text is not in the model's vocabulary of 9 characters/,
  );
  assert.throws(() => vocabulary.decode([9]), /9 is not a character id: ids run from 0 to 8/);
  assert.throws(() => CharVocabulary.of(''), /at least one character/);
});

test('an empty or missing corpus file is an error that says what to give', () => {
  const dir = tempDir('corpus');
  const empty = path.join(dir, 'empty.txt');
  fs.writeFileSync(empty, '');
  assert.throws(() => readCorpusFile(empty), /The corpus .*empty\.txt is empty: give a text file/);
  assert.throws(() => readCorpusFile(path.join(dir, 'missing.txt')), /No corpus file .*missing\.txt/);
  assert.throws(() => splitCorpus('tiny', 'a'), /too few to hold some out/);
  const corpus = splitCorpus('lines', 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n', 0.2);
  assert.equal(corpus.train + corpus.validation, 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n');
  assert.equal(corpus.validation, '\nnine\nten\n');
});

test('byte-pair merges: " whale" is built from bytes in the order of GPT-2\'s merges, ending at its one token', () => {
  const stages = bytePairMerges(' whale');
  assert.deepEqual(stages[0], [' ', 'w', 'h', 'a', 'l', 'e']);
  assert.deepEqual(stages[stages.length - 1], [' whale']);
  for (const word of [' Ishmael', ' harpooneer', 'Queequeg']) {
    const last = bytePairMerges(word).at(-1)!;
    assert.deepEqual(last, gpt2Tokenizer.tokenStrings(gpt2Tokenizer.encode(word)));
  }
});
