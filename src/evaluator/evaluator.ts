// The evaluator: the trained classifier of chapter 04 as later chapters use it, to judge generated digits by its
// softmax (which digit?) and its 256-unit feature layer (a feature space for distances). Loaded from a run folder;
// applied in chunks so that a thousand images never hold a thousand images' conv activations at once.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { inBatches } from '../data';
import { ClassCoverage, classCoverage } from '../metrics';
import { buildClassifier, CLASSIFIER_FEATURE_LAYER } from '../models';
import { checkpointFile, disposeCheckpoint, numberSettings, readCheckpoint, setNetworkWeights } from '../storage';

/**
 * What later chapters read off the evaluator for images in [0, 1]: its softmax ([n, 10], which digit?) and its
 * penultimate layer ([n, 256], a feature space). The caller disposes both.
 */
export function evaluatorOutputs(
  model: tf.Sequential,
  images: tf.Tensor4D,
): { probabilities: tf.Tensor2D; features: tf.Tensor2D } {
  return tf.tidy(() => {
    const split = model.layers.indexOf(model.getLayer(CLASSIFIER_FEATURE_LAYER)) + 1;
    let x: tf.Tensor = images;
    for (const layer of model.layers.slice(0, split)) x = layer.apply(x) as tf.Tensor;
    const features = x as tf.Tensor2D;
    for (const layer of model.layers.slice(split)) x = layer.apply(x) as tf.Tensor;
    return { probabilities: tf.softmax(x as tf.Tensor2D), features };
  });
}

/** Images per evaluator call: keeps the conv activations of one call to a few tens of MB. */
export const EVALUATOR_CHUNK = 200;

/** evaluatorOutputs over all images, EVALUATOR_CHUNK at a time. */
export function evaluatorOutputsInChunks(
  model: tf.Sequential,
  images: tf.Tensor4D,
): { probabilities: tf.Tensor2D; features: tf.Tensor2D } {
  return inBatches(images, EVALUATOR_CHUNK, (chunk) => evaluatorOutputs(model, chunk as tf.Tensor4D));
}

/** Which digits the evaluator reads in `images` ([0, 1], not disposed): class shares, entropy, mean confidence. */
export function judgeDigits(model: tf.Sequential, images: tf.Tensor4D): ClassCoverage {
  const { probabilities, features } = evaluatorOutputsInChunks(model, images);
  try {
    return classCoverage(probabilities);
  } finally {
    tf.dispose([probabilities, features]);
  }
}

/** The classifier saved in run folder `runDir` (by the CLI or notebook 04), ready to evaluate images in [0, 1]. */
export function loadClassifier(runDir: string): tf.Sequential {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no trained classifier (no ${file}). Train one with notebook 04 or ` +
        `\`genlab train classifier --out=${runDir}\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'classifier') throw new Error(`${file} holds a ${checkpoint.kind} run, not a classifier.`);
    const model = buildClassifier(numberSettings(checkpoint.settings, ['seed'], file).seed);
    setNetworkWeights(model, checkpoint.networks.classifier ?? [], file);
    return model;
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
