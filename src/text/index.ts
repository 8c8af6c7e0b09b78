// Text as a language model sees it.
export * from './tokens';
