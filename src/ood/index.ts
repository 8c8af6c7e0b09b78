export * from './files';
export * from './likelihood-detector';
export * from './experiment';
