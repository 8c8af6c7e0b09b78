// The simplest model of MNIST a VAE must beat: every pixel an independent Bernoulli variable with its training mean.
// Its held-out negative log-likelihood, in the VAE's own units (nats per image, the same cross-entropy of grey levels
// that the VAE's Bernoulli decoder pays), is computed here from the bytes, without TensorFlow.
import assert from 'node:assert/strict';
import { TestContext } from 'node:test';
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

/** A VAE's held-out −ELBO before and after training (with its two terms after), and the baseline's; nats per image. */
export interface HeldOutElbo {
  untrained: number;
  trained: number;
  testReconstruction: number;
  testKl: number;
  baseline: number;
}

/**
 * What test/learning-vae.test.ts asks of a trained VAE: a held-out −ELBO at least 300 nats below the untrained model's
 * and at least 20 below the independent-pixel baseline. Reports the numbers either way.
 */
export function assertBeatsPixelBaseline(t: TestContext, r: HeldOutElbo): void {
  const report =
    `held-out −ELBO ${r.untrained.toFixed(1)} → ${r.trained.toFixed(1)} nats per image ` +
    `(reconstruction ${r.testReconstruction.toFixed(1)} + KL ${r.testKl.toFixed(1)}); baseline ${r.baseline.toFixed(1)}`;
  t.diagnostic(report);
  assert.ok(r.untrained - r.trained >= 300, report);
  assert.ok(r.trained <= r.baseline - 20, report);
}
