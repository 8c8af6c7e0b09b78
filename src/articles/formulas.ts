// The source articles' wrong formulas (the G- and V-numbered errors that chapters 02 and 03 list), written out so the chapters can compute
// them beside the correct forms instead of only saying they are wrong. Nothing here should be used to train a model.
import * as tf from '@tensorflow/tfjs';
import { bceFakeFromLogits } from '../losses';
import { gaussianKlToStandardNormal } from '../losses';

/** 003 §4.1.3 (G15): each log weighted by a probability, L_D = −[D(x) log D(x) + D(G(z)) log D(G(z))]. */
export function article003DiscriminatorLoss(dReal: number, dFake: number): number {
  return -(dReal * Math.log(dReal) + dFake * Math.log(dFake));
}

/** 003 §4.1.3 (G15): L_G = −D(G(z)) log D(G(z)). */
export function article003GeneratorLoss(dFake: number): number {
  return -dFake * Math.log(dFake);
}

/** 004 §5.2 (G18): G minimising the second term of L_D, E[−log(1 − D(G(z)))]; that pushes D(G(z)) towards 0. */
export function article004GeneratorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(bceFakeFromLogits(fakeLogits)));
}

/** A per-row penalty on q(z|x) = N(μ, diag e^{logVar}), added to the reconstruction loss. [batch, k] → [batch] */
export type LatentPenalty = (mu: tf.Tensor2D, logVar: tf.Tensor2D) => tf.Tensor1D;

/** 000 §3.2.1, §4.2.1 and 004 §5.3 (V1, V3, V20): the KL subtracted instead of added. */
export const klSubtracted: LatentPenalty = (mu, logVar) =>
  tf.tidy(() => tf.neg(gaussianKlToStandardNormal(mu, logVar)));

/**
 * 002 §4.1.2, §4.2.3 (V9): the "KL" written as the log-density of a data value x under N(μ, σ²), with the
 * normaliser 1/(2πσ²) the article uses: Σ_j [−log(2π σ_j²) − (x − μ_j)²/(2σ_j²)].
 */
export function article002Kl(x: number): LatentPenalty {
  return (mu, logVar) =>
    tf.tidy(() =>
      tf
        .neg(tf.log(tf.exp(logVar).mul(2 * Math.PI)))
        .sub(tf.square(tf.sub(x, mu)).div(tf.exp(logVar).mul(2)))
        .sum(1),
    );
}

/** 003 §4.2.1 (V15): −Σ_j (log σ_j + σ_j − m_j²/(1 + m_j)); −1 per dimension at m = 0, σ = 1 where the KL is 0. */
export const article003Kl: LatentPenalty = (mu, logVar) =>
  tf.tidy(() => {
    const sigma = tf.exp(logVar.mul(0.5));
    return tf
      .neg(
        logVar
          .mul(0.5)
          .add(sigma)
          .sub(tf.square(mu).div(tf.add(1, mu))),
      )
      .sum(1);
  });

/**
 * One 1-D latent's path under plain gradient descent on a penalty: what training with that penalty alone would do.
 * Returns (μ, log σ², penalty) at each step; the path stops early once the penalty overflows.
 */
export function descendPenalty(
  penalty: LatentPenalty,
  start: { mu: number; logVar: number },
  steps: number,
  learningRate: number,
): { mu: number[]; logVar: number[]; value: number[] } {
  const mu = tf.tidy(() => tf.variable(tf.tensor2d([[start.mu]])));
  const logVar = tf.tidy(() => tf.variable(tf.tensor2d([[start.logVar]])));
  const optimizer = tf.train.sgd(learningRate);
  const path = { mu: [] as number[], logVar: [] as number[], value: [] as number[] };
  for (let step = 0; step <= steps; step++) {
    const [muNow, logVarNow] = [mu.dataSync()[0], logVar.dataSync()[0]];
    const value = optimizer.minimize(() => penalty(mu, logVar).sum() as tf.Scalar, true, [mu, logVar])!;
    const penaltyValue = value.dataSync()[0]; // at (muNow, logVarNow), before this step's update
    value.dispose();
    if (!Number.isFinite(penaltyValue)) break; // the penalty has run off to −∞ in float32: the path ends here
    path.mu.push(muNow);
    path.logVar.push(logVarNow);
    path.value.push(penaltyValue);
  }
  tf.dispose([mu, logVar]);
  optimizer.dispose();
  return path;
}
