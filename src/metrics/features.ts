// Feature matrices as the metrics accept them (one row per image), checked once so that each metric can trust them.
import * as tf from '@tensorflow/tfjs';

/** One row per image: the evaluator's penultimate-layer features, its softmax outputs, or flattened pixels. */
export type FeatureMatrix = tf.Tensor2D | number[][];

/** The rows as plain numbers, after checking that they form a non-empty, finite, rectangular matrix. */
export function featureRows(features: FeatureMatrix, name: string): number[][] {
  const rows = features instanceof tf.Tensor ? checkedTensor(features, name).arraySync() : features;
  if (rows.length === 0) throw new Error(`${name} has no rows; pass at least one feature vector per image.`);
  const width = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new Error(`${name} row ${i} has ${row.length} features but row 0 has ${width}; every row must be as long.`);
    }
    if (!row.every(Number.isFinite)) {
      throw new Error(`${name} row ${i} holds NaN or ±Infinity; check the model that produced it (a diverged run?).`);
    }
  });
  return rows;
}

/** The matrix as a float32 tensor, with the same checks as featureRows; the caller disposes it. */
export function featureTensor(features: FeatureMatrix, name: string): tf.Tensor2D {
  // Stryker disable next-line ConditionalExpression: featureRows reads a tensor too; this branch only skips the trip through arrays
  if (features instanceof tf.Tensor) return checkedTensor(features, name).clone();
  return tf.tensor2d(featureRows(features, name));
}

/**
 * The real and the generated set as tensors of equal width, checked as featureTensor checks each; when a check fails,
 * nothing made before it is left behind. The caller disposes both.
 */
export function realAndGeneratedTensors(real: FeatureMatrix, generated: FeatureMatrix): [tf.Tensor2D, tf.Tensor2D] {
  return tf.tidy(() => {
    const realFeatures = featureTensor(real, 'the real set');
    const generatedFeatures = featureTensor(generated, 'the generated set');
    assertSameWidth([realFeatures.shape[1], generatedFeatures.shape[1]], ['the real set', 'the generated set']);
    return [realFeatures, generatedFeatures];
  });
}

/** Throws unless two feature matrices have equally many columns. */
export function assertSameWidth(widths: [number, number], names: [string, string]): void {
  if (widths[0] !== widths[1]) {
    throw new Error(
      `rows of ${names[0]} have ${widths[0]} features but rows of ${names[1]} have ${widths[1]}; ` +
        'compute both in the same feature space (the same layer of the same evaluator).',
    );
  }
}

function checkedTensor(features: tf.Tensor2D, name: string): tf.Tensor2D {
  if (features.rank !== 2) {
    throw new Error(
      `${name} has shape [${features.shape}]; pass a [rows, features] matrix ` + '(reshape images to [n, -1]).',
    );
  }
  if (features.shape[0] === 0) throw new Error(`${name} has no rows; pass at least one feature vector per image.`);
  const finite = tf.tidy(() => tf.all(tf.isFinite(features)).dataSync()[0]);
  if (!finite) throw new Error(`${name} holds NaN or ±Infinity; check the model that produced it (a diverged run?).`);
  return features;
}
