export * from './batches';
export * from './catalogue';
export * from './download';
export * from './idx';
export * from './load';
export * from './binarise';
