// Storage: the one home of everything genlab keeps on disk — atomic writes, the checkpoint format with its checksums,
// the optimiser state (the only place that knows tfjs internals), run folders with their one-writer lock, and sample grids.
export { WriteFailedError, writeAtomically } from './atomic';
export {
  CHECKPOINT_FORMAT,
  describePosition,
  disposeCheckpoint,
  numberSettings,
  readCheckpoint,
  readSettings,
  writeCheckpoint,
} from './checkpoint';
export type {
  Checkpoint,
  EpochInProgress,
  EpochRecord,
  LoadedCheckpoint,
  NamedTensor,
  RunSettings,
  RunState,
} from './checkpoint';
export { FolderLockedError, takeWriterLock } from './lock';
export type { LockHolder, WriterLock } from './lock';
export {
  checkpointFile,
  checkSameRun,
  likelihoodFile,
  lockFile,
  metricsFile,
  openRunFolder,
  readSampleGrids,
  repositoryRelative,
  runFolder,
  RUNS_DIRECTORY,
  sampleGridFile,
  saveSampleGrid,
} from './run-folder';
export type { OpenRunFolder, SavedModel } from './run-folder';
export {
  isShipped,
  loadFinishedRun,
  provenanceFile,
  recordSession,
  shippedRunFolder,
  SHIPPED_DIRECTORY,
  shipRun,
  trainedRunFolder,
} from './shipped';
export type { Provenance, TrainingSession } from './shipped';
export { captureTraining, restoreTraining, setNetworkWeights } from './training-state';
export type { TrainingModels } from './training-state';
