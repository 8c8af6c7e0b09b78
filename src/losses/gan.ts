// GAN losses computed from discriminator logits (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661).
// Working on logits keeps every loss finite: log σ(a) = −softplus(−a) and log(1 − σ(a)) = −softplus(a).
import * as tf from '@tensorflow/tfjs';

/** −log σ(logit), elementwise: the cross-entropy of a logit against the label "real". */
export function bceRealFromLogits(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.softplus(tf.neg(logits)));
}

/** −log(1 − σ(logit)), elementwise: the cross-entropy of a logit against the label "fake". */
export function bceFakeFromLogits(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.softplus(logits));
}

/** L_D = E[−log D(x)] + E[−log(1 − D(G(z)))], each term averaged over its batch. */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(bceRealFromLogits(realLogits)), tf.mean(bceFakeFromLogits(fakeLogits))));
}

/** Non-saturating generator loss E[−log D(G(z))]: strong gradients while D rejects the fakes. */
export function generatorLossNonSaturating(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(bceRealFromLogits(fakeLogits)));
}

/** Saturating (minimax) generator loss E[log(1 − D(G(z)))]: the term G minimises in V(D, G). */
export function generatorLossSaturating(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(bceFakeFromLogits(fakeLogits))) as tf.Scalar);
}

/** The two losses of a GAN step, both from discriminator logits. */
export interface GanLosses {
  discriminator(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar;
  generator(fakeLogits: tf.Tensor): tf.Scalar;
}

/** D: real → 1, fake → 0; G: the non-saturating loss, fake → 1. */
export const correctGanLosses: GanLosses = { discriminator: discriminatorLoss, generator: generatorLossNonSaturating };
