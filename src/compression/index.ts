export { compressedWeights, compressionName, pruneValues, quantiseValues, storageBits, withWeights } from './weights';
export type { Compression } from './weights';
export { loadGenerator } from './generator';
export type { TrainedGenerator } from './generator';
export { COMPRESSION_VARIANTS, measureCompression, realFeatureMoments } from './sweep';
export type { CompressionRow } from './sweep';
export {
  COMPRESSION_COMMAND,
  COMPRESSION_RESULTS_FILE,
  loadCompressionResults,
  runCompressionSweep,
  saveCompressionResults,
} from './results';
export type { CompressionResults } from './results';
