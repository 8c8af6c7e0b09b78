// Character n-gram language models: the baselines a neural language model has to beat. The strongest standard
// smoothing is interpolated Kneser-Ney (Kneser & Ney 1995, "Improved backing-off for M-gram language modeling",
// https://doi.org/10.1109/ICASSP.1995.479394; the interpolated form of Chen & Goodman 1999, "An empirical study of
// smoothing techniques for language modeling", https://doi.org/10.1006/csla.1999.0128), with one discount per order
// estimated from its counts of counts (Ney, Essen & Kneser 1994).

/** A model of the next character given the previous ones. */
export interface CharModel {
  /** Characters of context it reads (0 for the unigram). */
  contextLength: number;
  /** p(next | context); `context` may be longer than the model reads (only its end counts) or shorter. */
  probability(context: string, next: string): number;
}

function checkVocabulary(vocabulary: readonly string[], text: string): Set<string> {
  const known = new Set(vocabulary);
  for (const c of text) {
    if (!known.has(c))
      throw new RangeError(`The character ${JSON.stringify(c)} is not in the vocabulary the model was given.`);
  }
  return known;
}

/** The unigram model with add-one (Laplace) smoothing: p(c) = (count(c) + 1) / (N + V). */
export function unigramModel(train: string, vocabulary: readonly string[]): CharModel {
  checkVocabulary(vocabulary, train);
  const counts = new Map<string, number>();
  let total = 0;
  for (const c of train) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
    total++;
  }
  return {
    contextLength: 0,
    probability: (_context, next) => ((counts.get(next) ?? 0) + 1) / (total + vocabulary.length),
  };
}

/** Counts of one order: of each n-gram, and per context (the n-gram less its last character) their sum and types. */
interface OrderCounts {
  grams: Map<string, number>;
  contextTotals: Map<string, number>;
  contextTypes: Map<string, number>;
  discount: number;
}

function orderCounts(grams: Map<string, number>): OrderCounts {
  const contextTotals = new Map<string, number>();
  const contextTypes = new Map<string, number>();
  let once = 0;
  let twice = 0;
  for (const [gram, count] of grams) {
    const context = gram.slice(0, -1);
    contextTotals.set(context, (contextTotals.get(context) ?? 0) + count);
    contextTypes.set(context, (contextTypes.get(context) ?? 0) + 1);
    if (count === 1) once++;
    if (count === 2) twice++;
  }
  // D = n₁ / (n₁ + 2 n₂), from the n-grams seen once and twice; 0.75 where the counts cannot say.
  const discount = once + twice > 0 && once > 0 ? once / (once + 2 * twice) : 0.75;
  return { grams, contextTotals, contextTypes, discount };
}

/**
 * Interpolated Kneser-Ney of order `order` (contexts of order − 1 characters). The highest order counts n-grams; each
 * lower order counts how many different characters precede an n-gram (its continuation count), and the unigram level
 * is interpolated with the uniform distribution over `vocabulary`, so every character has a probability above zero.
 */
export function kneserNeyModel(train: string, vocabulary: readonly string[], order: number): CharModel {
  if (!(Number.isInteger(order) && order >= 1)) throw new RangeError(`order must be a whole number ≥ 1, got ${order}`);
  checkVocabulary(vocabulary, train);
  const chars = Array.from(train);
  const raw = new Map<string, number>();
  for (let i = 0; i + order <= chars.length; i++) {
    const gram = chars.slice(i, i + order).join('');
    raw.set(gram, (raw.get(gram) ?? 0) + 1);
  }
  // levels[n − 1] holds the counts of n-grams: raw counts at the top, continuation counts below.
  const levels: OrderCounts[] = new Array(order);
  levels[order - 1] = orderCounts(raw);
  let above = raw;
  for (let n = order - 1; n >= 1; n--) {
    const continuation = new Map<string, number>();
    for (const gram of above.keys()) {
      const suffix = Array.from(gram).slice(1).join('');
      continuation.set(suffix, (continuation.get(suffix) ?? 0) + 1);
    }
    levels[n - 1] = orderCounts(continuation);
    above = continuation;
  }
  const uniform = 1 / vocabulary.length;
  const probability = (context: string, next: string): number => {
    const history = order === 1 ? [] : Array.from(context).slice(-(order - 1));
    let p = uniform;
    for (let n = 1; n <= order; n++) {
      if (n - 1 > history.length) break;
      const h = n === 1 ? '' : history.slice(history.length - (n - 1)).join('');
      const level = levels[n - 1];
      const total = level.contextTotals.get(h);
      if (total === undefined) break; // an unseen context: the lower orders' estimate stands
      const count = level.grams.get(h + next) ?? 0;
      const types = level.contextTypes.get(h) as number;
      p = Math.max(count - level.discount, 0) / total + ((level.discount * types) / total) * p;
    }
    return p;
  };
  return { contextLength: order - 1, probability };
}

/** Mean −log₂ p(c | preceding characters) over `text`: bits per character. Each character's context is the text before it. */
export function bitsPerCharacter(model: CharModel, text: string): number {
  const chars = Array.from(text);
  if (chars.length === 0) throw new Error('bitsPerCharacter needs a text of at least one character.');
  let bits = 0;
  for (let i = 0; i < chars.length; i++) {
    const context = chars.slice(Math.max(0, i - model.contextLength), i).join('');
    bits -= Math.log2(model.probability(context, chars[i]));
  }
  return bits / chars.length;
}
