export { FRAME_RESULTS_DIRECTORY, readResultsFile, writeResultsFile } from './files';
export { likelihoodDetection } from './likelihood-detector';
export type { LikelihoodDetection } from './likelihood-detector';
export { loadOodResults, OOD_COMMAND, OOD_RESULTS_FILE, runOodExperiment, saveOodResults } from './experiment';
export type { OodResults, OodSettings } from './experiment';
