export * from './weights';
export * from './generator';
export * from './sweep';
export * from './results';
