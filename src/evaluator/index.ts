// The evaluator of the generators: chapter 04's classifier, loaded, and its softmax and features for any images.
export { EVALUATOR_CHUNK, evaluatorOutputs, evaluatorOutputsInChunks, judgeDigits, loadClassifier } from './evaluator';
