// GPT-2's tokeniser: byte-level byte-pair encoding over a vocabulary of 50,257 tokens (Radford et al. 2019,
// https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf). The merges
// and vocabulary come from js-tiktoken, the JavaScript port of OpenAI's tiktoken, which ships them: no download.
import { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite';

/** Text to token ids and back: what a language model reads and writes. */
export interface Tokenizer {
  /** Tokens in the vocabulary; ids run from 0 to vocabularySize − 1. */
  vocabularySize: number;
  encode(text: string): number[];
  /** A sequence that ends inside a character decodes that part as U+FFFD (�). */
  decode(ids: readonly number[]): string;
  /** What each token stands for on its own, for showing a tokenisation. */
  tokenStrings(ids: readonly number[]): string[];
}

/** Tokens in GPT-2's vocabulary: 256 single bytes, 50,000 merges and `<|endoftext|>`. */
const vocabularySize = 50_257;

let encoding: { tiktoken: Tiktoken; bytesOf: Map<number, Uint8Array> } | undefined;

/** Parsing the ranks takes most of a second, so it happens on first use, not on import. */
function gpt2() {
  if (!encoding) {
    // tsconfig's node10 resolution does not read package "exports", where this subpath lives; Node's require does.
    const ranks = require('js-tiktoken/ranks/gpt2') as TiktokenBPE;
    encoding = { tiktoken: new Tiktoken(ranks), bytesOf: tokenBytes(ranks) };
  }
  return encoding;
}

/**
 * Each token's bytes. js-tiktoken decodes only whole sequences to text, where a token holding part of a character
 * shows as U+FFFD; the bytes say what that part is. The ranks are lines "prefix offset token token …", each token its
 * bytes in base64, numbered from the offset.
 */
function tokenBytes(ranks: TiktokenBPE): Map<number, Uint8Array> {
  const bytesOf = new Map<number, Uint8Array>();
  for (const line of ranks.bpe_ranks.split('\n').filter(Boolean)) {
    const [, offset, ...tokens] = line.split(' ');
    tokens.forEach((token, i) => bytesOf.set(Number(offset) + i, new Uint8Array(Buffer.from(token, 'base64'))));
  }
  for (const [text, id] of Object.entries(ranks.special_tokens)) bytesOf.set(id, new TextEncoder().encode(text));
  return bytesOf;
}

function checkIds(ids: readonly number[]): void {
  for (const id of ids) {
    if (!gpt2().bytesOf.has(id)) {
      throw new RangeError(`${id} is not a GPT-2 token id: ids are whole numbers from 0 to ${vocabularySize - 1}.`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * GPT-2's tokeniser. `encode` reads `<|endoftext|>` in the text as the special token, as GPT-2's training data used
 * it. `tokenStrings` gives a token's text when its bytes are whole UTF-8 characters (' world'), otherwise its bytes in
 * hex ('<e5 b7>'), as for the pieces GPT-2 cuts most Chinese characters into.
 */
export const gpt2Tokenizer: Tokenizer = {
  vocabularySize,
  encode: (text) => gpt2().tiktoken.encode(text, 'all'),
  decode: (ids) => {
    checkIds(ids);
    return gpt2().tiktoken.decode([...ids]);
  },
  tokenStrings: (ids) => {
    checkIds(ids);
    return ids.map((id) => {
      const bytes = gpt2().bytesOf.get(id) as Uint8Array;
      try {
        return utf8.decode(bytes);
      } catch {
        return `<${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}>`;
      }
    });
  },
};

/**
 * The merges byte-pair encoding makes on one piece of text (a word with its leading space, as GPT-2's pre-splitting
 * gives them): starting from single bytes, it joins, again and again, the adjacent pair whose join has the lowest rank
 * in the vocabulary (the earliest-learned merge), until no adjacent pair is a token. Returns each stage's tokens.
 */
export function bytePairMerges(piece: string): string[][] {
  const { bytesOf } = gpt2();
  const idOf = new Map<string, number>();
  for (const [id, bytes] of bytesOf) idOf.set(Buffer.from(bytes).toString('hex'), id);
  let parts = Array.from(Buffer.from(piece, 'utf8'), (b) => b.toString(16).padStart(2, '0'));
  if (parts.length === 0) throw new RangeError('bytePairMerges needs a non-empty piece of text');
  const show = () => gpt2Tokenizer.tokenStrings(parts.map((hex) => idOf.get(hex) as number));
  const stages = [show()];
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = idOf.get(parts[i] + parts[i + 1]);
      if (rank !== undefined && rank < bestRank) [best, bestRank] = [i, rank];
    }
    if (best < 0) return stages;
    parts = [...parts.slice(0, best), parts[best] + parts[best + 1], ...parts.slice(best + 2)];
    stages.push(show());
  }
}
