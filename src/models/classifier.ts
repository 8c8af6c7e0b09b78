// The evaluator: a small convnet that classifies MNIST digits. Later chapters use its softmax (which digit did a
// generator draw?) and its penultimate layer (a feature space in which to compare real and generated images).
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../maths';

/** The name of the layer whose output is the evaluator's feature space. */
export const CLASSIFIER_FEATURE_LAYER = 'features';

/**
 * conv 3×3×32 → pool → conv 3×3×64 → pool → dense 256 (the features) → dense 10 logits.
 * Input [batch, 28, 28, 1] in [0, 1]; output [batch, 10] logits. Weights are fixed by `seed`.
 */
export function buildClassifier(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.heNormal({ seed: tfSeed(seed * 16 + offset) });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(0),
      }), // [b, 28, 28, 32]
      tf.layers.maxPooling2d({ poolSize: 2 }), // [b, 14, 14, 32]
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }), // [b, 14, 14, 64]
      tf.layers.maxPooling2d({ poolSize: 2 }), // [b, 7, 7, 64]
      tf.layers.flatten(), // [b, 3136]
      tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(2), name: CLASSIFIER_FEATURE_LAYER }), // [b, 256]
      tf.layers.dense({ units: 10, kernelInitializer: init(3) }), // [b, 10] logits
    ],
  });
}
