// The VAE's negative evidence lower bound (Kingma & Welling 2013, https://arxiv.org/abs/1312.6114):
// −ELBO(x) = E_q[−log p(x|z)] + KL(q(z|x) ‖ N(0, I)), summed over pixels and latent units of each image.
import * as tf from '@tensorflow/tfjs';
// By file path: the maths index imports the losses.
import { tfSeed } from '../maths/random';

/** The decoder's distribution of each pixel given z: Bernoulli (binary cross-entropy) or Gaussian with σ² = 1. */
export type Likelihood = 'bernoulli' | 'gaussian';

/** Variants of the VAE loss that the articles use; the defaults give the ELBO. */
export interface VaeLossOptions {
  /** The weight β of the KL term (1 is the ELBO, above 1 a β-VAE). */
  klWeight?: number;
  /** 'sum' adds up the reconstruction loss over an image's pixels; 'mean' averages it, which against a per-image KL
   *  weights the KL 784× too strongly on MNIST and collapses the posterior (the bug of one source article). */
  reconstruction?: 'sum' | 'mean';
  likelihood?: Likelihood;
}

/** KL(N(μ, diag σ²) ‖ N(0, I)) per row and latent unit: ½ (σ² + μ² − 1 − log σ²). [batch, latent] → [batch, latent] */
export function gaussianKlPerUnit(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.exp(logVar).add(tf.square(mu)).sub(1).sub(logVar).mul(0.5));
}

/** KL(N(μ, diag σ²) ‖ N(0, I)) per row: the per-unit terms summed. [batch, latent] → [batch] */
export function gaussianKlToStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => gaussianKlPerUnit(mu, logVar).sum(1));
}

/**
 * Throws unless every pixel of x lies in [0, 1], where a Bernoulli likelihood is a probability: bytes (0–255) or tanh
 * images ([−1, 1]) would give a number that looks like a loss but is none.
 */
export function assertUnitPixels(x: tf.Tensor): void {
  const [low, high] = tf.tidy(() => tf.stack([x.min(), x.max()]).dataSync());
  if (!(low >= 0 && high <= 1)) {
    throw new Error(
      `the images have pixels from ${low} to ${high}, but the Bernoulli likelihood needs them in [0, 1] ` +
        "and none NaN: use batches' 'unit' range, divide bytes by 255, or map [−1, 1] images with (x + 1) / 2.",
    );
  }
}

/** −log p(x|z) for a Bernoulli decoder given its logits, summed per image; pixels must be in [0, 1]. [batch, ...] → [batch] */
export function bernoulliNllFromLogits(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  assertUnitPixels(x);
  return tf.tidy(() => {
    // −[x log σ(a) + (1 − x) log(1 − σ(a))] = softplus(a) − x·a, exact for x in [0, 1].
    const perPixel = tf.softplus(logits).sub(tf.mul(x, logits));
    return perPixel.reshape([x.shape[0], -1]).sum(1) as tf.Tensor1D;
  });
}

/**
 * −log p(x|z) for a Gaussian decoder with mean σ(logits) and fixed variance 1, summed per image:
 * ½ Σ (x − x̂)² + ½·D·ln(2π) over the D pixels. [batch, ...] → [batch]
 * With pixels in [0, 1] the squared error is small beside a KL in nats, so σ² = 1 acts like a large KL weight.
 */
export function gaussianNllFromLogits(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const pixels = x.size / x.shape[0];
    const squaredError = tf
      .square(tf.sub(x, tf.sigmoid(logits)))
      .reshape([x.shape[0], -1])
      .sum(1);
    return squaredError.mul(0.5).add(0.5 * pixels * Math.log(2 * Math.PI)) as tf.Tensor1D;
  });
}

/** −log p(x|z) per image under the chosen decoder likelihood. [batch, ...] → [batch] */
// Stryker disable next-line StringLiteral: any likelihood but 'gaussian' is Bernoulli, so the default's spelling cannot matter
export function reconstructionNll(x: tf.Tensor, logits: tf.Tensor, likelihood: Likelihood = 'bernoulli'): tf.Tensor1D {
  return likelihood === 'gaussian' ? gaussianNllFromLogits(x, logits) : bernoulliNllFromLogits(x, logits);
}

/** The batch mean of the per-image VAE loss: reconstruction (summed or averaged over pixels) + klWeight · KL. */
export function vaeLoss(
  x: tf.Tensor,
  logits: tf.Tensor,
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
  options: VaeLossOptions = {},
): tf.Scalar {
  // Stryker disable next-line StringLiteral: only 'mean' and 'gaussian' are tested for, so the defaults' spelling cannot matter
  const { klWeight = 1, reconstruction = 'sum', likelihood = 'bernoulli' } = options;
  return tf.tidy(() => {
    const pixels = x.size / x.shape[0];
    const nll = reconstructionNll(x, logits, likelihood);
    const perImage = reconstruction === 'mean' ? nll.div(pixels) : nll;
    return perImage.add(gaussianKlToStandardNormal(mu, logVar).mul(klWeight)).mean() as tf.Scalar;
  });
}

/** The batch mean of the per-image negative ELBO, in nats per image; klWeight β weights the KL (β = 1 is the ELBO). */
export function negativeElbo(
  x: tf.Tensor,
  logits: tf.Tensor,
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
  klWeight = 1,
): tf.Scalar {
  return vaeLoss(x, logits, mu, logVar, { klWeight });
}

/**
 * z = μ + σ·ε with ε ~ N(0, I): the reparameterised sample, differentiable in μ and log σ². Without a seed ε comes
 * from Math.random (which withSeed seeds inside a training step).
 */
export function reparameterise(mu: tf.Tensor2D, logVar: tf.Tensor2D, seed?: number): tf.Tensor2D {
  const epsilonSeed = seed === undefined ? undefined : tfSeed(seed);
  return tf.tidy(() => mu.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mu.shape, 0, 1, 'float32', epsilonSeed))));
}
