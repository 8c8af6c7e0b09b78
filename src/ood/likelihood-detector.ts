// Is a generative model's likelihood an out-of-distribution detector? Nalisnick, Matsukawa, Teh, Gorur &
// Lakshminarayanan 2019, "Do Deep Generative Models Know What They Don't Know?" (https://arxiv.org/abs/1810.09136),
// found that models trained on Fashion-MNIST give MNIST digits the *higher* likelihood. Here the score of an image is
// its negative ELBO under a VAE (an upper bound on −log p(x)): a detector that flags unlikely images calls an image
// "out of distribution" when the score is high.
import * as tf from '@tensorflow/tfjs';
import { auroc, perImageNegativeElbo } from '../metrics';
import { Vae } from '../models';
import { encode } from '../training';

export interface LikelihoodDetection {
  /** −ELBO in nats of each in-distribution image (the VAE's own test set). */
  inScores: Float64Array;
  /** −ELBO in nats of each image from the other dataset. */
  outScores: Float64Array;
  /** AUROC of −ELBO as a detector of the other dataset: 1 flags it perfectly, 0.5 is chance, below 0.5 backwards. */
  auroc: number;
}

/** Scores both sets (pixels in [0, 1]) with the VAE, one z per image fixed by `seed`, and the detector's AUROC. */
export function likelihoodDetection(
  vae: Vae,
  inImages: tf.Tensor4D,
  outImages: tf.Tensor4D,
  seed: number,
): LikelihoodDetection {
  const score = (images: tf.Tensor4D) =>
    perImageNegativeElbo(
      (x) => encode(vae, x),
      (z) => vae.decoder.predict(z) as tf.Tensor,
      images,
      { batchSize: 500, seed },
    );
  const inScores = score(inImages);
  const outScores = score(outImages);
  return { inScores, outScores, auroc: auroc(outScores, inScores) };
}
