// The negative ELBO of each image on its own, where datasetNegativeElbo (vae.ts) gives the mean: what a VAE says about
// one image, e.g. to use it as a score (chapter 13 tests whether it flags images from another dataset).
import * as tf from '@tensorflow/tfjs';
import { forEachBatch } from '../data';
import { gaussianKlToStandardNormal, reconstructionNll, reparameterise } from '../losses';
import { Decode, Encode } from './vae';

/** −ELBO(x) in nats for each image (pixels in [0, 1]), one reparameterised z per image, batchSize images at a time. */
export function perImageNegativeElbo(
  encode: Encode,
  decode: Decode,
  images: tf.Tensor,
  options: { batchSize: number; seed: number },
): Float64Array {
  const scores = new Float64Array(images.shape[0]);
  forEachBatch(images, options.batchSize, (batch, { start, index }) => {
    const values = tf.tidy(() => {
      const { mu, logVar } = encode(batch);
      const logits = decode(reparameterise(mu, logVar, options.seed + index));
      return reconstructionNll(batch, logits.reshape(batch.shape))
        .add(gaussianKlToStandardNormal(mu, logVar))
        .dataSync();
    });
    scores.set(values, start);
  });
  if (!scores.every(Number.isFinite))
    throw new Error('the VAE gave a NaN or infinite ELBO; check the model (a diverged run?).');
  return scores;
}
