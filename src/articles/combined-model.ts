// The Keras pattern the articles use to train a generator: stack G and D into one model and fit it to "real" labels.
// It only trains G if D was frozen before the stacked model was compiled (L5, L13 never freeze it).
import * as tf from '@tensorflow/tfjs';

/** Sum of |after − before| over a model's trainable weights. */
function weightChange(before: tf.Tensor[], model: tf.LayersModel): number {
  return tf.tidy(() =>
    model.trainableWeights
      .map((weight, i) => tf.sum(tf.abs(tf.sub(weight.read(), before[i]))).dataSync()[0])
      .reduce((sum, change) => sum + change, 0),
  );
}

/**
 * One `trainOnBatch` of the stacked model G → D on noise labelled "real", as in the articles. Returns how far G's and
 * D's weights moved; with `freezeDiscriminator` false, D moves too, taught to call the fakes real.
 */
export async function combinedModelStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  options: { freezeDiscriminator: boolean; batchSize: number },
): Promise<{ generatorChange: number; discriminatorChange: number }> {
  const snapshot = (model: tf.LayersModel) => model.trainableWeights.map((w) => tf.clone(w.read()));
  const [generatorBefore, discriminatorBefore] = [snapshot(generator), snapshot(discriminator)];
  discriminator.trainable = !options.freezeDiscriminator; // Keras reads this flag when the stacked model is compiled
  const stacked = tf.sequential({ layers: [generator, discriminator] });
  stacked.compile({ optimizer: tf.train.adam(1e-4), loss: 'binaryCrossentropy' });
  const [noise, realLabels] = [tf.randomNormal([options.batchSize, 100]), tf.ones([options.batchSize, 1])];
  await stacked.trainOnBatch(noise, realLabels);
  discriminator.trainable = true;
  const change = {
    generatorChange: weightChange(generatorBefore, generator),
    discriminatorChange: weightChange(discriminatorBefore, discriminator),
  };
  tf.dispose([generatorBefore, discriminatorBefore, noise, realLabels]);
  return change;
}
