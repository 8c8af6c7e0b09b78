// Text as a language model sees it: tokens, characters, corpora, attention, n-gram baselines, sampling.
export * from './tokens';
export * from './vocabulary';
export * from './corpus';
export * from './attention';
export * from './ngram';
export * from './sampling';
export * from './generation';
export * from './sentences';
