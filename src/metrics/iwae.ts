// The importance-weighted bound on log p(x) (Burda, Grosse & Salakhutdinov 2015, https://arxiv.org/abs/1509.00519):
//   L_k(x) = E[ log (1/k) Σᵢ p(x|zᵢ) p(zᵢ) / q(zᵢ|x) ],  z₁ … z_k ~ q(z|x).
// L_1 is the ELBO; L_k never falls as k grows and tends to log p(x). Its estimate with large k (5,000 in the paper) is
// the usual test log-likelihood of a VAE.
import * as tf from '@tensorflow/tfjs';
import { batchRanges } from '../data';
import { logMeanExp, mean, normalRng, standardError } from '../maths';
import { Encode } from './vae';

/** log p(x|z) for one image x [1, ...] and each row of z [c, latentDim]: [c]. */
export type LogLikelihood = (image: tf.Tensor, z: tf.Tensor2D) => tf.Tensor1D;

export interface ImportanceSamplingOptions {
  /** Latent samples per image (K). Every k in `ks` reuses them: K/k disjoint groups of k, whose bounds are averaged. */
  samples: number;
  /** The k of each bound to report; each must divide `samples`. */
  ks: number[];
  /** Fixes the samples: image i of `images` gets the same z whatever the chunk sizes or the number of images. */
  seed: number;
  /** Images encoded at once (default 100). */
  imagesPerBatch?: number;
  /** Latent codes decoded at once (default 500): with imagesPerBatch, this bounds the memory, whatever K is. */
  codesPerChunk?: number;
  /** Called after each image, to show progress; between images the loop yields, so a notebook or CLI stays responsive. */
  onProgress?: (imagesDone: number, imagesTotal: number) => void;
}

export interface ImportanceSampledBound {
  k: number;
  /** Mean over images of the estimate of L_k(x), in nats per image: a log-likelihood, so negative. */
  mean: number;
  /** Standard error of that mean across images (NaN for one image: no spread to measure). */
  standardError: number;
  /** The estimate of L_k(x) for each image. */
  perImage: Float64Array;
}

/**
 * Estimates L_k(x) for each k in `options.ks` and each image, from `samples` draws z ~ q(z|x) per image. The log
 * weights log p(x|z) + log p(z) − log q(z|x) are averaged in the log domain (log-mean-exp, in double precision), so
 * weights far below e⁻¹⁰⁰⁰ lose nothing. The prior is N(0, I) and q(z|x) = N(mu, diag exp(logVar)).
 */
export async function importanceSampledBounds(
  encode: Encode,
  logLikelihood: LogLikelihood,
  images: tf.Tensor,
  options: ImportanceSamplingOptions,
): Promise<ImportanceSampledBound[]> {
  const { samples, ks, seed, imagesPerBatch = 100, codesPerChunk = 500, onProgress } = options;
  checkCounts(samples, ks, imagesPerBatch, codesPerChunk);
  const count = images.shape[0];
  const perImage = ks.map(() => new Float64Array(count));
  const logWeights = new Float64Array(samples);
  const noise = normalRng(seed); // one stream, consumed image after image
  for (const { start, size } of batchRanges(count, imagesPerBatch)) {
    const batch = images.slice(start, size);
    try {
      const posterior = tf.tidy(() => {
        const { mu, logVar } = encode(batch);
        return { mu: mu.arraySync(), logVar: logVar.arraySync() };
      });
      for (let b = 0; b < posterior.mu.length; b++) {
        const image = batch.slice(b, 1);
        try {
          sampleLogWeights(
            logLikelihood,
            image,
            posterior.mu[b],
            posterior.logVar[b],
            noise,
            codesPerChunk,
            logWeights,
          );
        } finally {
          image.dispose();
        }
        ks.forEach((k, j) => {
          perImage[j][start + b] = groupedBound(logWeights, k);
        });
        onProgress?.(start + b + 1, count);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      batch.dispose();
    }
  }
  return ks.map((k, j) => ({
    k,
    mean: mean(perImage[j]),
    standardError: standardError(perImage[j]),
    perImage: perImage[j],
  }));
}

/** Fills `out` with the log weights of out.length draws z = mu + σ·ε for one image, decoding codesPerChunk at a time. */
function sampleLogWeights(
  logLikelihood: LogLikelihood,
  image: tf.Tensor,
  mu: number[],
  logVar: number[],
  noise: () => number,
  codesPerChunk: number,
  out: Float64Array,
): void {
  const latentDim = mu.length;
  const sigma = logVar.map((v) => Math.exp(v / 2));
  const sumLogVar = logVar.reduce((sum, v) => sum + v, 0);
  for (let first = 0; first < out.length; first += codesPerChunk) {
    const rows = Math.min(codesPerChunk, out.length - first);
    const z = new Float32Array(rows * latentDim);
    // log p(z) − log q(z|x) = −½‖z‖² + ½‖ε‖² + ½ Σ log σ² (the 2π terms cancel).
    const priorOverPosterior = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = sumLogVar;
      for (let d = 0; d < latentDim; d++) {
        const eps = noise();
        const value = mu[d] + sigma[d] * eps;
        z[r * latentDim + d] = value;
        sum += eps * eps - value * value;
      }
      priorOverPosterior[r] = sum / 2;
    }
    const logLikelihoods = tf.tidy(() => {
      const values = logLikelihood(image, tf.tensor2d(z, [rows, latentDim]));
      if (values.size !== rows)
        throw new Error(
          `logLikelihood gave ${values.size} values for ${rows} latent codes; it must give one per code.`,
        );
      return values.dataSync();
    });
    for (let r = 0; r < rows; r++) {
      const logWeight = logLikelihoods[r] + priorOverPosterior[r];
      if (Number.isNaN(logWeight) || logWeight === Infinity) {
        throw new Error(
          `log weight ${r + first} is ${logWeight} (log p(x|z) ${logLikelihoods[r]}): check the model and images.`,
        );
      }
      out[first + r] = logWeight;
    }
  }
}

/** The mean over the samples.length / k disjoint groups of k log weights of log (1/k) Σ exp(log weight). */
function groupedBound(logWeights: Float64Array, k: number): number {
  const groups = logWeights.length / k;
  let sum = 0;
  for (let g = 0; g < groups; g++) sum += logMeanExp(Array.from(logWeights.subarray(g * k, (g + 1) * k)));
  return sum / groups;
}

function checkCounts(samples: number, ks: number[], imagesPerBatch: number, codesPerChunk: number): void {
  for (const [name, value] of Object.entries({ samples, imagesPerBatch, codesPerChunk })) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive whole number, got ${value}.`);
  }
  const bad = ks.filter((k) => !Number.isInteger(k) || k < 1 || samples % k !== 0);
  if (ks.length === 0 || bad.length > 0) {
    throw new RangeError(
      `each k must be a whole number that divides samples = ${samples}` +
        (bad.length ? `; ${bad.join(', ')} does not` : '; none was given') +
        ` (e.g. ks: [1, 10, ${samples}]).`,
    );
  }
}
