// Text as a language model sees it: tokens, characters, corpora, attention, n-gram baselines, sampling.
export { bytePairMerges, gpt2Tokenizer } from './tokens';
export type { Tokenizer } from './tokens';
export { CharVocabulary } from './vocabulary';
export { loadMobyDick, MOBY_DICK, mobyDickSections, readCorpusFile, splitCorpus } from './corpus';
export type { Corpus } from './corpus';
export {
  attention,
  causalMask,
  meanRowEntropy,
  mergeHeads,
  multiHeadSelfAttention,
  saturationTable,
  splitHeads,
} from './attention';
export type { AttentionOptions, AttentionProjections, SaturationRow } from './attention';
export { bitsPerCharacter, kneserNeyModel, unigramModel } from './ngram';
export type { CharModel } from './ngram';
export { checkSamplingOptions, distinctNgrams, drawIndex, samplingDistribution } from './sampling';
export type { SamplingOptions } from './sampling';
export { generateText, samplingTradeoff } from './generation';
export type { Generated, SamplingResult } from './generation';
export { BOS, EOS, PAD, sentenceData, sentencesOf, UNK, WordVocabulary } from './sentences';
export type { SentenceData } from './sentences';
