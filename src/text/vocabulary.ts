// Characters as token ids: the vocabulary of a character-level language model.

/** The characters of a text, each with an id; ids are given in code-point order, so the same text gives the same ids. */
export class CharVocabulary {
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(chars: Iterable<string>) {
    this.chars = [...new Set(chars)].sort();
    if (this.chars.length === 0) throw new Error('A vocabulary needs at least one character; the text was empty.');
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** Every character that occurs in `text`. */
  static of(text: string): CharVocabulary {
    return new CharVocabulary(Array.from(text));
  }

  get size(): number {
    return this.chars.length;
  }

  /** Ids of the characters of `text`; a character outside the vocabulary is an error naming it and where it is. */
  encode(text: string): Int32Array {
    const characters = Array.from(text);
    const ids = new Int32Array(characters.length);
    characters.forEach((c, i) => {
      const id = this.ids.get(c);
      if (id === undefined) {
        const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        throw new RangeError(
          `The character ${JSON.stringify(c)} (${code}) at position ${i} of the text is not in the ` +
            `model's vocabulary of ${this.size} characters; remove or replace it (the vocabulary is ${JSON.stringify(this.chars.join(''))}).`,
        );
      }
      ids[i] = id;
    });
    return ids;
  }

  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (id) => {
      if (!(Number.isInteger(id) && id >= 0 && id < this.size))
        throw new RangeError(`${id} is not a character id: ids run from 0 to ${this.size - 1}.`);
      return this.chars[id];
    }).join('');
  }
}
