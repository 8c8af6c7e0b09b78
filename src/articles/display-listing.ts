// L4, 000 §5.4: the helpers that draw 10×10 grids of GAN and VAE samples, rebuilt so that their
// faults can be run against the course's own models.
import * as tf from '@tensorflow/tfjs';
import { Vae } from '../models';

/** A model called on a batch, as Keras's `model(x)`. */
export type ModelCall = (x: tf.Tensor) => tf.Tensor;

/**
 * `generate_images(model, noise, num_images)` as written: the `noise` argument is never used; the model is always
 * called on fresh 100-dimensional N(0, I) noise, whatever model it is.
 */
export function listing4GenerateImages(model: ModelCall, _noise: tf.Tensor, count: number): tf.Tensor {
  return model(tf.randomNormal([count, 100]));
}

/**
 * `vae(x)`, the listing's whole VAE called as one model, as 000's VAE class does: the encoder's μ and log σ², a sample
 * z = μ + σε, and the decoder's pixel means. Its input must be an image.
 */
export function wholeVae(vae: Vae): ModelCall {
  return (x) =>
    tf.tidy(() => {
      const [mu, logVar] = vae.encoder.apply(x) as tf.Tensor[];
      const z = mu.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mu.shape)));
      return tf.sigmoid(vae.decoder.apply(z) as tf.Tensor);
    });
}

/**
 * What `plt.imshow(image, cmap='gray')` shows without `vmin`/`vmax`: each image stretched from its own minimum
 * (black) to its own maximum (white), whatever its range. [n, h, w, 1] → the same shape, in [0, 1].
 */
export function stretchEachImage(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const low = images.min([1, 2, 3], true);
    const span = images.max([1, 2, 3], true).sub(low);
    // matplotlib draws a constant image black; dividing by a span of 1 instead of 0 does the same.
    return images.sub(low).div(tf.where(span.greater(0), span, tf.onesLike(span))) as tf.Tensor4D;
  });
}
