// What storing the shipped runs' weights in float16 would change (issue 22): each run in trained/ scored as
// test/shipped-runs.test.ts scores it, with its float32 weights and with every weight rounded to float16 and back.
//   node --import tsx bench/float16.ts
// Prints one JSON line per score: both ways, the change, and the bytes the run's weights take in each format. The
// DCGAN, when shipped, is judged with its generator and discriminator rounded (the evaluator stays float32).
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import { selectBackend } from '../src/backend';
import { binarisedImages, imagesToTensor, LabelledImages, loadMnist } from '../src/data';
import { judgeDigits, loadClassifier } from '../src/evaluator';
import { isShipped, loadFinishedRun, metricsFile, shippedRunFolder } from '../src/storage';
import { evaluateClassifier, ganTrainer, loadVae, vaeNegativeElbo } from '../src/training';

/** x rounded to the nearest float16 (ties to even), as a number: what a float16 file would give back. */
function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(x))), -14); // below 2⁻¹⁴ the subnormals share one step
  const step = 2 ** (exponent - 10); // 10 stored bits of mantissa
  const scaled = x / step;
  const nearest = Math.abs(scaled % 1) === 0.5 ? 2 * Math.round(scaled / 2) : Math.round(scaled);
  const rounded = nearest * step;
  return Math.abs(rounded) > 65504 ? Math.sign(x) * Infinity : rounded;
}

/** Rounds every weight of `models` to float16 in place; returns how many weights there are. */
function roundWeights(models: tf.LayersModel[]): number {
  let count = 0;
  for (const model of models) {
    const rounded = model.getWeights().map((w) => {
      count += w.size;
      return tf.tensor(Float32Array.from(w.dataSync(), roundToFloat16), w.shape);
    });
    model.setWeights(rounded);
    tf.dispose(rounded);
  }
  return count;
}

async function compare(run: string, score: (rounded: boolean) => Promise<{ value: number; weights: number }>) {
  const float32 = await score(false);
  const float16 = await score(true);
  console.log(
    JSON.stringify({
      run,
      float32: float32.value,
      float16: float16.value,
      change: float16.value - float32.value,
      float32Bytes: 4 * float16.weights,
      float16Bytes: 2 * float16.weights,
    }),
  );
}

async function main() {
  await selectBackend();
  const { test } = await loadMnist();
  await compare('classifier (test accuracy)', async (rounded) => {
    const model = loadClassifier(shippedRunFolder('classifier'));
    const weights = rounded ? roundWeights([model]) : 0;
    const { testAccuracy } = await evaluateClassifier(model, test);
    model.dispose();
    return { value: testAccuracy, weights };
  });
  // The evaluator also scores every generator (class entropy, mean confidence); here on the real test digits.
  const digits = imagesToTensor(
    test,
    Array.from({ length: test.count }, (_, i) => i),
    'unit',
  );
  for (const measure of ['entropy', 'meanConfidence'] as const) {
    await compare(`classifier (${measure} of its verdicts on the test digits)`, async (rounded) => {
      const model = loadClassifier(shippedRunFolder('classifier'));
      const weights = rounded ? roundWeights([model]) : 0;
      const value = judgeDigits(model, digits)[measure];
      model.dispose();
      return { value, weights };
    });
  }
  digits.dispose();
  if (isShipped('gan')) {
    const { settings } = JSON.parse(fs.readFileSync(metricsFile(shippedRunFolder('gan')), 'utf8'));
    for (const measure of ['classEntropy', 'meanConfidence']) {
      await compare(`gan (${measure} of its seeded samples)`, async (rounded) => {
        const evaluator = loadClassifier(shippedRunFolder('classifier'));
        const trainer = ganTrainer({ latentDim: settings.latentDim, seed: settings.seed, evaluator });
        loadFinishedRun(trainer, shippedRunFolder('gan'));
        const weights = rounded ? roundWeights([trainer.gan.generator, trainer.gan.discriminator]) : 0;
        const value = (await trainer.evaluate())[measure];
        [evaluator, trainer.gan.generator, trainer.gan.discriminator, trainer.fixedNoise].forEach((x) => x.dispose());
        return { value, weights };
      });
    }
  }
  for (const run of ['vae', 'vae-2d', 'vae-binarised']) {
    const dir = shippedRunFolder(run);
    if (!fs.existsSync(dir)) continue;
    const metrics = JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8'));
    const images = (set: LabelledImages) =>
      metrics.settings.binarisation === 'dynamic'
        ? binarisedImages(set)
        : imagesToTensor(
            set,
            Array.from({ length: set.count }, (_, i) => i),
            'unit',
          );
    await compare(`${run} (test −ELBO, nats)`, async (rounded) => {
      const { vae } = loadVae(dir);
      const weights = rounded ? roundWeights([vae.encoder, vae.decoder]) : 0;
      const x = images(test);
      const { negativeElbo } = vaeNegativeElbo(vae, x, { seed: metrics.settings.seed + 1 });
      tf.dispose([x]);
      vae.encoder.dispose();
      vae.decoder.dispose();
      return { value: negativeElbo, weights };
    });
  }
}

void main();
