// L1, 000 §5.1: preparing MNIST for the models.
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, LabelledImages } from '../data';
import { Version } from './shapes';

/**
 * The images at `indices` as 000 prepares them, or corrected. As written: scaled to [0, 1] and given a channel axis
 * twice (reshape to [n, 28, 28, 1], then expand_dims), so [n, 28, 28, 1, 1]. Corrected for the GAN it feeds: one
 * channel axis and [−1, 1], the range of its tanh generator (a VAE's Bernoulli decoder keeps [0, 1]).
 */
export function listing1Images(set: LabelledImages, indices: ArrayLike<number>, version: Version): tf.Tensor {
  if (version === 'corrected') return imagesToTensor(set, indices, 'signed');
  return tf.tidy(() => tf.expandDims(imagesToTensor(set, indices, 'unit'), -1)); // [n, 28, 28, 1, 1]
}
