// The simplest model of MNIST a VAE must beat: every pixel an independent Bernoulli variable with its training mean.
// Its held-out negative log-likelihood, in the VAE's own units (nats per image, the same cross-entropy of grey levels
// that the VAE's Bernoulli decoder pays), is computed here from the bytes, without TensorFlow.
import { LabelledImages } from '../../src/data';

/**
 * Mean over `test`'s images of −Σ_j [x_j ln p_j + (1 − x_j) ln(1 − p_j)], with x in [0, 1] and p_j the mean of pixel j
 * over `train` with add-one smoothing, (Σ x_j + 1) / (n + 2), so that a pixel never lit in training costs a finite
 * amount where a test digit lights it.
 */
export function independentPixelNll(train: LabelledImages, test: LabelledImages): number {
  const pixels = train.height * train.width;
  const sums = new Float64Array(pixels);
  for (let i = 0; i < train.count * pixels; i++) sums[i % pixels] += train.images[i] / 255;
  const p = Array.from(sums, (sum) => (sum + 1) / (train.count + 2));
  let total = 0;
  for (let i = 0; i < test.count * pixels; i++) {
    const x = test.images[i] / 255;
    const j = i % pixels;
    total -= x * Math.log(p[j]) + (1 - x) * Math.log(1 - p[j]);
  }
  return total / test.count;
}
