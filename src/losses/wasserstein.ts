// Wasserstein GAN losses: the critic's estimate of W₁ (Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875), kept
// 1-Lipschitz either by clipping its weights or by the gradient penalty on interpolates (Gulrajani et al. 2017,
// https://arxiv.org/abs/1704.00028). The critic returns one unbounded score per image, not a probability.
import * as tf from '@tensorflow/tfjs';

// The penalty differentiates ‖∇ₓ D(x̂)‖ with respect to D's weights: a gradient of a gradient. tfjs 4 computes one
// through any op whose gradient is itself made of differentiable ops, but LeakyReLU's gradient calls `greater`, which
// registers no gradient, so the second pass stops with "gradient function not found for Greater". A comparison is
// piecewise constant: its gradient is 0, as tfjs already registers for GreaterEqual.
// Stryker disable next-line StringLiteral,ConditionalExpression: tfjs 4.22 registers no gradient for Greater, so this always registers
if (!tf.getGradient('Greater')) {
  tf.registerGradient({
    kernelName: 'Greater',
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => ({
      a: () => tf.zerosLike(saved[0]),
      // Stryker disable next-line ArrowFunction: LeakyReLU compares with a constant 0, whose gradient is never asked for
      b: () => tf.zerosLike(saved[1]),
    }),
  });
}

/** The critic's loss E[D(G(z))] − E[D(x)]: minimising it maximises the critic's estimate of W₁(p_data, p_g). */
export function criticLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(fakeScores), tf.mean(realScores)) as tf.Scalar);
}

/** The generator's loss −E[D(G(z))]: it moves its samples up the critic's slope. */
export function generatorLossWasserstein(fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(fakeScores)) as tf.Scalar);
}

/** Checks a penalty weight or a clip value: a positive, finite number; the message names it and says what is usual. */
export function checkPositive(value: number, name: string, usual: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a number above 0, got ${value}; ${usual}.`);
  }
}

/**
 * λ · E[(‖∇ₓ̂ D(x̂)‖₂ − 1)²] on x̂ = εx + (1 − ε)x̃, one ε ~ U(0, 1) per image, between real images and fakes of the
 * same shape. `critic` maps a batch to scores [n, 1]. Differentiable with respect to the critic's weights.
 */
export function gradientPenalty(
  critic: (images: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  fake: tf.Tensor,
  weight: number,
): tf.Scalar {
  checkPositive(weight, 'the gradient-penalty weight λ', 'Gulrajani et al. use 10');
  return tf.tidy(() => {
    const [n, ...rest] = real.shape;
    const epsilon = tf.randomUniform([n, ...rest.map(() => 1)]);
    const interpolates = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake));
    // The scores of different images are independent, so the gradient of their sum gives each image's own gradient.
    const gradients = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(interpolates);
    const norms = tf.sqrt(tf.sum(tf.square(gradients.reshape([n, -1])), 1));
    return tf.mul(weight, tf.mean(tf.square(tf.sub(norms, 1)))) as tf.Scalar;
  });
}

/** Weight clipping (the original WGAN): every weight of `variables` set to lie in [−c, c], in place. */
export function clipWeights(variables: tf.Variable[], clipValue: number): void {
  checkPositive(clipValue, 'the clip value c', 'Arjovsky et al. use 0.01');
  tf.tidy(() => variables.forEach((v) => v.assign(tf.clipByValue(v, -clipValue, clipValue))));
}

/** Share of `variables`' weights within 1 % of ±c: clipping's pathology is most weights pinned at the bounds. */
export function shareAtClipBounds(variables: tf.Variable[], clipValue: number): number {
  return tf.tidy(() => {
    const all = tf.concat(variables.map((v) => v.reshape([-1])));
    return tf.mean(tf.cast(tf.greaterEqual(tf.abs(all), 0.99 * clipValue), 'float32')).dataSync()[0];
  });
}
