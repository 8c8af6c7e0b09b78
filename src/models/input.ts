// Conv models take images [n, 28, 28, 1]; MLP models take and give flattened rows [n, 784]. These two reshapes let one
// trainer feed either kind the same batches and read their outputs as images.
import * as tf from '@tensorflow/tfjs';

/** `images` reshaped to what `model` takes: [n, 784] for an MLP, unchanged for a conv model. */
export function asModelInput(model: tf.LayersModel, images: tf.Tensor): tf.Tensor {
  const [, ...shape] = model.inputs[0].shape as number[];
  return images.reshape([images.shape[0], ...shape]);
}

/** A generator's or decoder's output, flattened or not, as MNIST images [n, 28, 28, 1]. */
export function asImages(output: tf.Tensor): tf.Tensor4D {
  return output.reshape([output.shape[0], 28, 28, 1]);
}
