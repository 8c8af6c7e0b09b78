// The shape of a VAE's latent space, for claim H19 of notebook 07: is the aggregate posterior close to the prior, and
// do straight lines between two encoded digits decode to digits all the way?
//
// Why only the *full* aggregate posterior should match N(0, I). The code the decoder meets in training comes from the
// mixture q(z) = E_x q(z|x), the aggregate posterior, and the ELBO's average KL term splits into the mutual information
// between x and z plus KL(q(z) ‖ N(0, I)) (Hoffman & Johnson 2016, "ELBO surgery", NIPS workshop on approximate
// inference): the ELBO pays for every nat by which q(z) strays from the prior. By the law of total covariance q(z)
// has mean E_x μ(x) and covariance Cov_x μ(x) + E_x diag σ²(x). The posterior means alone miss the second term: their
// spread is smaller than the prior's by exactly the average posterior variance, so N(mean μ, Cov μ) sits inside
// N(0, I) even for a perfect VAE, and far from it for a unit the VAE does not use (μ ≈ 0 for every image, σ² ≈ 1:
// Cov μ has a near-zero eigenvalue and −ln det blows up). We report both: the means' Gaussian, the usual check,
// and the full one, which is the one that should be close to I. Matching two moments is necessary, not sufficient:
// the mixture need not be Gaussian, and holes between its components are what the interpolations below probe.
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { forEachBatch } from '../data';
import { featureMoments } from './frechet';
import { Encode } from './vae';

/** A Gaussian N(mean, covariance) fitted to latent codes, and how far it is from the prior N(0, I). */
export interface GaussianFit {
  mean: number[];
  covariance: number[][];
  /** The covariance's eigenvalues, largest first (all 1 for the prior). */
  eigenvalues: number[];
  /** KL(N(mean, covariance) ‖ N(0, I)) = ½(tr S + ‖m‖² − d − ln det S), in nats; ∞ when S is singular. */
  kl: number;
  /** kl / d: comparable across latent sizes. */
  klPerDimension: number;
  /**
   * Each dimension's own KL, ½(S_jj + m_j² − 1 − ln S_jj). Their sum is at most `kl`: the rest is the Gaussian's total
   * correlation ½(Σ ln S_jj − ln det S) ≥ 0 (Hadamard's inequality), which only correlations between dimensions add.
   */
  dimensionKl: number[];
  /** The largest |correlation| between two different dimensions (0 for the prior). */
  largestCorrelation: number;
}

export interface AggregatePosterior {
  images: number;
  latentDim: number;
  /** The Gaussian fitted to the posterior means μ(x): mean and Cov_x μ(x) (divided by n − 1). */
  means: GaussianFit;
  /** Per dimension, the average posterior variance E_x σ²_j(x). */
  meanPosteriorVariance: number[];
  /** The aggregate posterior's moments: the same mean, covariance Cov_x μ(x) + diag E_x σ²(x). */
  aggregate: GaussianFit;
  /**
   * The KL a fitted Gaussian shows on average when the codes really are N(0, I), from sampling alone:
   * (d + d(d+1)/2) / (2n), since 2n·KL is asymptotically χ² with that many degrees of freedom (one per fitted mean and
   * covariance entry). Numbers near it are as close to the prior as n codes can show.
   */
  samplingFloor: number;
}

/**
 * Encodes `images` in batches of batchSize and fits the Gaussians above to their posteriors. Needs more images than
 * latent dimensions, so that the covariance of the means can have full rank.
 */
export function aggregatePosterior(encode: Encode, images: tf.Tensor, batchSize: number): AggregatePosterior {
  const mu: number[][] = [];
  const logVar: number[][] = [];
  forEachBatch(images, batchSize, (batch) => {
    const [m, v] = tf.tidy(() => {
      const posterior = encode(batch);
      return [posterior.mu.arraySync(), posterior.logVar.arraySync()];
    });
    mu.push(...m);
    logVar.push(...v);
  });
  return fitAggregatePosterior(mu, logVar);
}

/** The same from posterior parameters already in hand: one row of μ and one of log σ² per image. */
export function fitAggregatePosterior(mu: number[][], logVar: number[][]): AggregatePosterior {
  if (mu.length !== logVar.length)
    throw new Error(`got ${mu.length} rows of means but ${logVar.length} of log-variances.`);
  const values = [...mu.flat(), ...logVar.flat()];
  if (!values.every(Number.isFinite))
    throw new Error('the encoder gave NaN or ±Infinity; check the model (a diverged run?).');
  const d = mu[0].length;
  const moments = featureMoments(mu); // throws unless n > d
  const meanPosteriorVariance = Array.from(
    { length: d },
    (_, j) => logVar.reduce((sum, row) => sum + Math.exp(row[j]), 0) / logVar.length,
  );
  const full = moments.covariance.map((row, i) => row.map((s, j) => (i === j ? s + meanPosteriorVariance[i] : s)));
  const n = mu.length;
  return {
    images: n,
    latentDim: d,
    means: fitToPrior(moments.mean, moments.covariance),
    meanPosteriorVariance,
    aggregate: fitToPrior(moments.mean, full),
    samplingFloor: (d + (d * (d + 1)) / 2) / (2 * n),
  };
}

/** How far N(mean, covariance) is from N(0, I), by the measures of GaussianFit. */
export function fitToPrior(mean: number[], covariance: number[][]): GaussianFit {
  const d = mean.length;
  const s = new Matrix(covariance);
  const symmetric = Matrix.add(s, s.transpose()).mul(0.5);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: ml-matrix's own check finds `symmetric` exactly symmetric (a + b = b + a), so it takes the same path
  const eigenvalues = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true }).realEigenvalues.sort(
    (a, b) => b - a,
  );
  // ln det S = Σ ln λ: unlike det S itself it does not underflow for 20 small variances. An eigenvalue at or below
  // rounding size (λ_max · d · ε, NumPy's matrix_rank rule) is a degenerate Gaussian, infinitely far from the prior:
  // exactly dependent dimensions leave such a λ of ±1e-16 or so, not 0, which would give a finite KL.
  const roundingSize = eigenvalues[0] * d * Number.EPSILON;
  const logDet = eigenvalues.reduce((sum, lambda) => sum + (lambda > roundingSize ? Math.log(lambda) : -Infinity), 0);
  const traceS = covariance.reduce((sum, row, i) => sum + row[i], 0);
  const squaredNorm = mean.reduce((sum, m) => sum + m * m, 0);
  const kl = 0.5 * (traceS + squaredNorm - d - logDet);
  const dimensionKl = mean.map((m, j) => 0.5 * (covariance[j][j] + m * m - 1 - Math.log(covariance[j][j])));
  let largestCorrelation = 0;
  for (let j = 1; j < d; j++) {
    for (let i = 0; i < j; i++) {
      const scale = Math.sqrt(covariance[i][i] * covariance[j][j]);
      if (scale > 0) largestCorrelation = Math.max(largestCorrelation, Math.abs(covariance[i][j]) / scale);
    }
  }
  return { mean, covariance, eigenvalues, kl, klPerDimension: kl / d, dimensionKl, largestCorrelation };
}

export interface InterpolationConfidence {
  /** The positions along each path, 0 (zFrom) to 1 (zTo). */
  t: number[];
  /** [pair][step]: the evaluator's largest softmax probability for the decoded code. */
  confidence: number[][];
  /** At each step, the mean over the pairs. */
  stepMeans: number[];
  /** At each step, the standard error of that mean, sd/√pairs (sd divided by pairs − 1; NaN for one pair). */
  stepStandardErrors: number[];
  /** For each pair, its lowest confidence along the path. */
  pathMinima: number[];
  /** The lowest of stepMeans: where the paths are, on average, least legible. */
  lowestStepMean: number;
}

/**
 * The codes (1 − t)·from + t·to of one straight path, for `steps` evenly spaced t from 0 to 1 (both ends included):
 * [steps, latentDim] from two codes of [latentDim] or [1, latentDim].
 */
export function straightPath(from: tf.Tensor, to: tf.Tensor, steps: number): tf.Tensor2D {
  if (!Number.isInteger(steps) || steps < 2)
    throw new Error(`a path needs at least 2 steps (its two ends), got ${steps}.`);
  return tf.tidy(() => {
    const t = tf.linspace(0, 1, steps).reshape([steps, 1]);
    const [a, b] = [from.reshape([1, -1]), to.reshape([1, -1])];
    return a.mul(tf.sub(1, t)).add(b.mul(t)) as tf.Tensor2D; // [steps, latentDim]
  });
}

/**
 * Decodes the straight path from each row of zFrom to the same row of zTo ([pairs, latentDim] each) at `steps` points,
 * and asks `classify` (images → softmax probabilities [n, classes]) how sure it is of its top class at each point.
 * One decode and one classify call per pair; every tensor made here is disposed.
 */
export function interpolationConfidence(
  decode: (z: tf.Tensor2D) => tf.Tensor,
  classify: (images: tf.Tensor) => tf.Tensor2D,
  zFrom: tf.Tensor2D,
  zTo: tf.Tensor2D,
  steps: number,
): InterpolationConfidence {
  if (zFrom.shape.join() !== zTo.shape.join())
    throw new Error(`zFrom ${zFrom.shape} and zTo ${zTo.shape} must have the same shape.`);
  const pairs = zFrom.shape[0];
  if (pairs < 1) throw new Error('interpolationConfidence needs at least one pair of codes.');
  const confidence: number[][] = [];
  for (let k = 0; k < pairs; k++) {
    confidence.push(
      tf.tidy(() => {
        const path = straightPath(zFrom.slice(k, 1), zTo.slice(k, 1), steps);
        const probabilities = classify(decode(path));
        if (probabilities.shape[0] !== steps)
          throw new Error(`classify gave ${probabilities.shape[0]} rows for ${steps} images.`);
        return Array.from(probabilities.max(1).dataSync());
      }),
    );
  }
  const stepMeans = Array.from({ length: steps }, (_, s) => confidence.reduce((sum, row) => sum + row[s], 0) / pairs);
  const stepStandardErrors = stepMeans.map((m, s) =>
    Math.sqrt(confidence.reduce((sum, row) => sum + (row[s] - m) ** 2, 0) / (pairs - 1) / pairs),
  );
  return {
    t: Array.from({ length: steps }, (_, s) => s / (steps - 1)),
    confidence,
    stepMeans,
    stepStandardErrors,
    pathMinima: confidence.map((row) => Math.min(...row)),
    lowestStepMean: Math.min(...stepMeans),
  };
}

/**
 * Up to `count` pairs of indices of different classes, in the order of `labels`: each pair is the next unused item
 * and the first item after it with another label; items in between are skipped. Deterministic, so the notebook's
 * paths are the same in every run.
 */
export function pairsOfDifferentClasses(labels: ArrayLike<number>, count: number): [number, number][] {
  const pairs: [number, number][] = [];
  let waiting = -1; // the item that waits for a partner of another label; −1 for none
  for (let j = 0; j < labels.length && pairs.length < count; j++) {
    if (waiting < 0) {
      waiting = j;
    } else if (labels[j] !== labels[waiting]) {
      pairs.push([waiting, j]);
      waiting = -1;
    }
  }
  return pairs;
}
