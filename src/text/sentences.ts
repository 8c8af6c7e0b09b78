// Short sentences as word ids, for the text VAE of chapter 10 (Bowman et al. 2016 modelled sentences of words).
import { Corpus } from './corpus';

/** Ids 0–3 are reserved: padding, beginning and end of sentence, and any word outside the vocabulary. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;
const RESERVED = ['<pad>', '<s>', '</s>', '<unk>'];

/** The sentences (and clauses ended by ; or :) of a text, lower-cased, as lists of words (letters, inner apostrophes and hyphens). */
export function sentencesOf(text: string): string[][] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?;:])\s+/)
    .map((sentence) => sentence.toLowerCase().match(/[a-z]+(?:['-][a-z]+)*/g) ?? [])
    .filter((words) => words.length > 0);
}

/** The most frequent words of the training sentences, with ids after the reserved four. */
export class WordVocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(sentences: string[][], size: number) {
    if (!(Number.isInteger(size) && size > RESERVED.length))
      throw new RangeError(`the vocabulary size must be a whole number above ${RESERVED.length}, got ${size}`);
    const counts = new Map<string, number>();
    for (const sentence of sentences) for (const w of sentence) counts.set(w, (counts.get(w) ?? 0) + 1);
    const frequent = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, size - RESERVED.length)
      .map(([w]) => w);
    this.words = [...RESERVED, ...frequent];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  /** Word ids followed by EOS; words outside the vocabulary become UNK. */
  encode(words: readonly string[]): number[] {
    return [...words.map((w) => this.ids.get(w) ?? UNK), EOS];
  }

  /** The words up to the first EOS, without padding. */
  decode(ids: readonly number[]): string {
    const end = ids.indexOf(EOS);
    return (end < 0 ? ids : ids.slice(0, end))
      .filter((id) => id !== PAD)
      .map((id) => this.words[id] ?? '<?>')
      .join(' ');
  }
}

export interface SentenceData {
  vocabulary: WordVocabulary;
  /** Length of every row: the longest sentence's words plus EOS. */
  length: number;
  train: number[][];
  validation: number[][];
}

/**
 * The sentences of `minWords` to `maxWords` words from each part of the corpus, as word ids with EOS, the vocabulary
 * taken from the training part. Sentences with more than `maxUnknown` unknown words are left out.
 */
export function sentenceData(
  corpus: Corpus,
  options: { minWords: number; maxWords: number; vocabularySize: number; maxUnknown: number },
): SentenceData {
  const { minWords, maxWords, vocabularySize, maxUnknown } = options;
  const pick = (text: string) => sentencesOf(text).filter((s) => s.length >= minWords && s.length <= maxWords);
  const trainSentences = pick(corpus.train);
  if (trainSentences.length === 0)
    throw new Error(`${corpus.name} has no sentences of ${minWords} to ${maxWords} words to learn from.`);
  const vocabulary = new WordVocabulary(trainSentences, vocabularySize);
  const encode = (sentences: string[][]) =>
    sentences.map((s) => vocabulary.encode(s)).filter((ids) => ids.filter((id) => id === UNK).length <= maxUnknown);
  return {
    vocabulary,
    length: maxWords + 1,
    train: encode(trainSentences),
    validation: encode(pick(corpus.validation)),
  };
}
