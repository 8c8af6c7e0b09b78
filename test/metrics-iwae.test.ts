// The importance-weighted bound L_k against a linear-Gaussian model, where log p(x) and the ELBO have closed forms
// (src/maths/linear-gaussian.ts): L_1 is the ELBO, L_k rises with k towards log p(x), the log domain survives weights
// that underflow, and chunking, batching and the number of images change nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { elbo, logEvidence, logImportanceWeights, normalRng, standardError, truePosterior } from '../src/maths';
import { importanceSampledBounds, LogLikelihood } from '../src/metrics/iwae';
import { Encode } from '../src/metrics/vae';
import { withoutLeaksAsync } from './support/leaks';

before(() => tf.setBackend('cpu'));

const model = { w: [1.5, -0.5, 2], b: [0.2, 0, -1], noiseVariance: 0.4 };
const xs = [
  [1, 0.3, 0.5],
  [-2, 1, 0],
  [0.5, -0.5, 3],
];

/** A posterior guess that is off: the true posterior's mean moved by `shift`, its variance times `stretch`. */
const guess = (x: number[], shift: number, stretch: number) => {
  const p = truePosterior(model, x);
  return { mean: p.mean + shift, variance: p.variance * stretch };
};

/** q(z|x) for each row x of the images: guess(x, shift, stretch). */
const encoder =
  (shift: number, stretch: number): Encode =>
  (images) => {
    const qs = (images.arraySync() as number[][]).map((x) => guess(x, shift, stretch));
    return {
      mu: tf.tensor2d(qs.map((q) => [q.mean])),
      logVar: tf.tensor2d(qs.map((q) => [Math.log(q.variance)])),
    };
  };

/** log N(x; w z + b, s² I) for one x [1, d] and each z [c, 1]. */
const linearGaussian =
  (m: typeof model): LogLikelihood =>
  (x, z) =>
    tf.tidy(() => {
      const residual = x.sub(tf.tensor2d([m.b])).sub(z.matMul(tf.tensor2d([m.w]))); // [c, d]
      const d = m.w.length;
      return residual
        .square()
        .sum(1)
        .div(-2 * m.noiseVariance)
        .sub(0.5 * d * Math.log(2 * Math.PI * m.noiseVariance)) as tf.Tensor1D;
    });

const ks = [1, 10, 100, 1000, 5000];
const options = { samples: 5000, ks, seed: 3 };

test('with q the true posterior every weight is p(x), so every k gives log p(x)', async () => {
  const bounds = await importanceSampledBounds(encoder(0, 1), linearGaussian(model), tf.tensor2d(xs), options);
  for (const bound of bounds) {
    bound.perImage.forEach((value, i) =>
      assert.ok(Math.abs(value - logEvidence(model, xs[i])) < 1e-4, `k ${bound.k}, x ${i}: ${value}`),
    );
  }
});

test('L_1 is the ELBO (within 4 standard errors); L_k rises with k and reaches log p(x)', async () => {
  const [shift, stretch] = [0.6, 3];
  const bounds = await importanceSampledBounds(
    encoder(shift, stretch),
    linearGaussian(model),
    tf.tensor2d(xs),
    options,
  );
  xs.forEach((x, i) => {
    const q = guess(x, shift, stretch);
    const [elboValue, logP] = [elbo(model, x, q), logEvidence(model, x)];
    const spread = standardError(logImportanceWeights(model, x, q, options.samples, 11)); // of a mean of 5,000 log weights
    const [l1, l10, l100, , l5000] = bounds.map((b) => b.perImage[i]);
    assert.ok(Math.abs(l1 - elboValue) < 4 * spread, `x ${i}: L_1 ${l1}, ELBO ${elboValue} ± ${spread}`);
    assert.ok(logP - elboValue > 0.5, 'the guess leaves a gap worth closing');
    assert.ok(l1 < l10 && l10 < l100, `x ${i}: ${[l1, l10, l100]}`);
    assert.ok(Math.abs(l5000 - logP) < (logP - elboValue) / 20, `x ${i}: L_5000 ${l5000}, log p(x) ${logP}`);
  });
  const means = bounds.map((b) => b.mean);
  assert.ok(
    Math.abs(means[0] - xs.reduce((sum, x) => sum + elbo(model, x, guess(x, shift, stretch)), 0) / xs.length) < 0.1,
  );
  assert.ok(bounds.every((b) => b.standardError > 0 && Number.isFinite(b.standardError)));
});

test('weights far below the smallest double (log p(x|z) ≈ −20,000) still give log p(x)', async () => {
  const sharp = { ...model, noiseVariance: 1e-3 };
  const far = [[40, -30, 25]];
  const trueQ: Encode = (images) => {
    const p = truePosterior(sharp, (images.arraySync() as number[][])[0]);
    return { mu: tf.tensor2d([[p.mean]]), logVar: tf.tensor2d([[Math.log(p.variance)]]) };
  };
  const [bound] = await importanceSampledBounds(trueQ, linearGaussian(sharp), tf.tensor2d(far), {
    samples: 50,
    ks: [50],
    seed: 1,
  });
  const logP = logEvidence(sharp, far[0]);
  assert.ok(logP < -2e4);
  assert.ok(Math.abs(bound.perImage[0] - logP) < 1e-6 * -logP, `${bound.perImage[0]} vs ${logP}`);
});

test('chunk and batch sizes change nothing, and the first images get the same estimates without the rest', async () => {
  const run = (images: number[][], imagesPerBatch: number, codesPerChunk: number) =>
    importanceSampledBounds(encoder(0.6, 3), linearGaussian(model), tf.tensor2d(images), {
      samples: 60,
      ks: [1, 60],
      seed: 4,
      imagesPerBatch,
      codesPerChunk,
    });
  const perImage = (bounds: { perImage: Float64Array }[]) => bounds.map((b) => Array.from(b.perImage));
  const whole = perImage(await run(xs, 3, 60));
  assert.deepEqual(perImage(await run(xs, 1, 7)), whole);
  assert.deepEqual(
    perImage(await run(xs.slice(0, 2), 2, 13)),
    whole.map((values) => values.slice(0, 2)),
  );
  assert.notDeepEqual(
    perImage(
      await importanceSampledBounds(encoder(0.6, 3), linearGaussian(model), tf.tensor2d(xs), {
        samples: 60,
        ks: [1, 60],
        seed: 5,
      }),
    ),
    whole,
  );
});

test('leaves no tensor behind and reports progress after each image', async () => {
  const images = tf.tensor2d(xs);
  const seen: number[] = [];
  await withoutLeaksAsync('importanceSampledBounds', () =>
    importanceSampledBounds(encoder(0.6, 3), linearGaussian(model), images, {
      samples: 20,
      ks: [1, 20],
      seed: 1,
      imagesPerBatch: 2,
      codesPerChunk: 6,
      onProgress: (done, total) => seen.push(done / total),
    }),
  );
  assert.deepEqual(seen, [1 / 3, 2 / 3, 1]);
});

/** q(z|x) = the prior N(0, I) with `latentDim` dimensions for every image. */
const priorEncoder =
  (latentDim: number): Encode =>
  (images) => ({
    mu: tf.zeros([images.shape[0], latentDim]) as tf.Tensor2D,
    logVar: tf.zeros([images.shape[0], latentDim]) as tf.Tensor2D,
  });

test('L_k by hand: with q the prior each log weight is the log-likelihood, here sample number + image value', async () => {
  // Log weights 0, 1, …, 7 for the first image: L_1 is their mean, L_k the mean over groups {0..k−1}, {k..2k−1}, … of
  // log((1/k) Σ eʷ) = (first w of the group) + log((1/k) Σ_{i<k} eⁱ).
  const chunks: number[] = [];
  let drawn = 0;
  const countingLikelihood: LogLikelihood = (image, z) => {
    chunks.push(z.shape[0]);
    const first = drawn % 8;
    drawn += z.shape[0];
    return tf.tidy(() => tf.range(first, first + z.shape[0]).add(image.reshape([]))) as tf.Tensor1D;
  };
  const bounds = await importanceSampledBounds(priorEncoder(2), countingLikelihood, tf.tensor2d([[0], [1]]), {
    samples: 8,
    ks: [1, 2, 4, 8],
    seed: 1,
    codesPerChunk: 3,
  });
  assert.deepEqual(chunks, [3, 3, 2, 3, 3, 2], 'three chunks per image, none empty');
  const logMean = (k: number) => Math.log(Array.from({ length: k }, (_, i) => Math.exp(i)).reduce((a, b) => a + b) / k);
  const expected = [3.5, 3 + logMean(2), 2 + logMean(4), logMean(8)];
  bounds.forEach((bound, j) => {
    assert.equal(bound.k, [1, 2, 4, 8][j]);
    assert.ok(
      Math.abs(bound.perImage[0] - expected[j]) < 1e-12,
      `k ${bound.k}: ${bound.perImage[0]} vs ${expected[j]}`,
    );
    assert.ok(Math.abs(bound.perImage[1] - (expected[j] + 1)) < 1e-12, 'the second image’s weights are all 1 higher');
    assert.ok(Math.abs(bound.mean - (expected[j] + 0.5)) < 1e-12);
    assert.ok(Math.abs(bound.standardError - 0.5) < 1e-12, 'sd of {L, L + 1} is 1/√2, over √2 images');
  });
  chunks.length = 0;
  const [single] = await importanceSampledBounds(priorEncoder(2), countingLikelihood, tf.tensor2d([[0]]), {
    samples: 8,
    ks: [8],
    seed: 1,
    codesPerChunk: 4,
  });
  assert.deepEqual(chunks, [4, 4], 'two full chunks and no empty third');
  assert.ok(Math.abs(single.mean - logMean(8)) < 1e-12);
  assert.ok(Number.isNaN(single.standardError), 'one image has no standard error');
});

test('the codes are z = μ + σ·ε, ε read from normalRng(seed) code after code and image after image; weights p(z)/q(z|x)', async () => {
  const mu = [
    [1, -2],
    [0.5, 3],
  ];
  const logVar = [
    [Math.log(4), Math.log(0.25)],
    [0, Math.log(9)],
  ].map((row) => row.map(Math.fround)); // as the float32 tensor holds them
  const encode: Encode = () => ({ mu: tf.tensor2d(mu), logVar: tf.tensor2d(logVar) });
  const seen: number[][] = [];
  const recordingLikelihood: LogLikelihood = (_image, z) => {
    seen.push(...(z.arraySync() as number[][]));
    return tf.zeros([z.shape[0]]) as tf.Tensor1D;
  };
  const samples = 6;
  const bounds = await importanceSampledBounds(encode, recordingLikelihood, tf.zeros([2, 1]), {
    samples,
    ks: [1],
    seed: 9,
    codesPerChunk: 4,
  });
  const noise = normalRng(9);
  const logNormal = (z: number, m: number, variance: number) =>
    -0.5 * (Math.log(2 * Math.PI * variance) + (z - m) ** 2 / variance);
  mu.forEach((m, image) => {
    let sumLogWeights = 0;
    for (let s = 0; s < samples; s++) {
      const z = m.map((md, d) => md + Math.exp(logVar[image][d] / 2) * noise());
      z.forEach((value, d) =>
        assert.ok(Math.abs(seen[image * samples + s][d] - value) < 1e-5, `image ${image}, code ${s}, dimension ${d}`),
      );
      sumLogWeights += z.reduce(
        (sum, value, d) => sum + logNormal(value, 0, 1) - logNormal(value, m[d], Math.exp(logVar[image][d])),
        0,
      );
    }
    // log p(x|z) = 0, so L_1 is the mean of log p(z) − log q(z|x).
    assert.ok(
      Math.abs(bounds[0].perImage[image] - sumLogWeights / samples) < 1e-9,
      `image ${image}: ${bounds[0].perImage[image]} vs ${sumLogWeights / samples}`,
    );
  });
});

test('bad counts, a log-likelihood of the wrong size and NaN weights are errors that say what to fix', async () => {
  const images = tf.tensor2d(xs);
  const bounds = (ks: number[], logLikelihood = linearGaussian(model)) =>
    importanceSampledBounds(encoder(0, 1), logLikelihood, images, { samples: 100, ks, seed: 1 });
  await assert.rejects(bounds([1, 30]), /each k must be a whole number that divides samples = 100; 30 does not/);
  await assert.rejects(bounds([]), /none was given/);
  await assert.rejects(bounds([3, 30]), /3, 30 does not \(e\.g\. ks: \[1, 10, 100\]\)/);
  await assert.rejects(bounds([-5]), /; -5 does not/);
  await assert.rejects(bounds([2.5]), /; 2\.5 does not/);
  const counts = (samples: number, imagesPerBatch: number, codesPerChunk: number) =>
    importanceSampledBounds(encoder(0, 1), linearGaussian(model), images, {
      samples,
      ks: [1],
      seed: 1,
      imagesPerBatch,
      codesPerChunk,
    });
  await assert.rejects(counts(0, 1, 1), /samples must be a positive whole number, got 0\./);
  await assert.rejects(counts(10, 1.5, 1), /imagesPerBatch must be a positive whole number, got 1\.5\./);
  await assert.rejects(counts(10, 1, -2), /codesPerChunk must be a positive whole number, got -2\./);
  await assert.rejects(
    bounds([1], (_x, z) => tf.fill([z.shape[0]], Infinity) as tf.Tensor1D),
    /log weight 0 is Infinity/,
  );
  let calls = 0;
  const nanInSecondChunk: LogLikelihood = (_x, z) => tf.fill([z.shape[0]], ++calls === 2 ? NaN : 0) as tf.Tensor1D;
  await assert.rejects(
    importanceSampledBounds(encoder(0, 1), nanInSecondChunk, images, {
      samples: 100,
      ks: [1],
      seed: 1,
      codesPerChunk: 30,
    }),
    /log weight 30 is NaN/,
  );
  await assert.rejects(
    bounds([1], (_x, z) => tf.zeros([z.shape[0] + 1]) as tf.Tensor1D),
    /gave 101 values for 100 latent codes/,
  );
  await assert.rejects(
    bounds([1], (_x, z) => tf.fill([z.shape[0]], NaN) as tf.Tensor1D),
    /log weight 0 is NaN .*check the model/,
  );
  const before = tf.memory().numTensors;
  await assert.rejects(bounds([1], (_x, z) => tf.fill([z.shape[0]], NaN) as tf.Tensor1D));
  assert.equal(tf.memory().numTensors, before, 'a failed estimate leaves no tensor behind either');
});
