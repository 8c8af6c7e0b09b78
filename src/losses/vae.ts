// The VAE's negative evidence lower bound (Kingma & Welling 2013, https://arxiv.org/abs/1312.6114):
// −ELBO(x) = E_q[−log p(x|z)] + KL(q(z|x) ‖ N(0, I)), summed over pixels and latent units of each image.
import * as tf from '@tensorflow/tfjs';

/** KL(N(μ, diag σ²) ‖ N(0, I)) per row: ½ Σ (σ² + μ² − 1 − log σ²). [batch, latent] → [batch] */
export function gaussianKlToStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.exp(logVar).add(tf.square(mu)).sub(1).sub(logVar).sum(1).mul(0.5));
}

/** −log p(x|z) for a Bernoulli decoder given its logits, summed per image. [batch, ...] → [batch] */
export function bernoulliNllFromLogits(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    // −[x log σ(a) + (1 − x) log(1 − σ(a))] = softplus(a) − x·a, exact for x in [0, 1].
    const perPixel = tf.softplus(logits).sub(tf.mul(x, logits));
    return perPixel.reshape([x.shape[0], -1]).sum(1) as tf.Tensor1D;
  });
}

/** The batch mean of the per-image negative ELBO, in nats per image; β weights the KL (β = 1 is the ELBO). */
export function negativeElbo(
  x: tf.Tensor, logits: tf.Tensor, mu: tf.Tensor2D, logVar: tf.Tensor2D, beta = 1,
): tf.Scalar {
  return tf.tidy(() =>
    bernoulliNllFromLogits(x, logits).add(gaussianKlToStandardNormal(mu, logVar).mul(beta)).mean() as tf.Scalar);
}

/** z = μ + σ·ε with ε ~ N(0, I): the reparameterised sample, differentiable in μ and log σ². */
export function reparameterise(mu: tf.Tensor2D, logVar: tf.Tensor2D, seed?: number): tf.Tensor2D {
  return tf.tidy(() => mu.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mu.shape, 0, 1, 'float32', seed))));
}
