export {
  batches,
  batchRanges,
  forEachBatch,
  imagesToTensor,
  inBatches,
  labelsToTensor,
  shuffledIndices,
} from './batches';
export type { Batch, BatchRange, PixelRange } from './batches';
export { cacheDirectory, DATASETS } from './catalogue';
export type { DatasetName, DatasetSpec, IdxFileSpec, Split } from './catalogue';
export { downloadVerified } from './download';
export { decompressIdx, IdxFormatError, isGzip, parseIdx } from './idx';
export type { IdxArray } from './idx';
export { DatasetFileError, downloadIntoCache, loadDataset, loadFashionMnist, loadMnist } from './load';
export type { Dataset, LabelledImages, LoadOptions } from './load';
export { binarise, binarisedImages, TEST_BINARISATION_SEED } from './binarise';
