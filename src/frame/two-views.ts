// Chapter 01's comparison of the two kinds of model on the same images: the evaluator of chapter 04 models p(y|x) (which
// digit is this?), the conv VAE of chapter 06 bounds p(x) (how probable is this image?). When their trained runs are
// not there yet (chapter 01 comes first), a small version of each is trained here, in memory, and says so.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { Dataset, imagesToTensor, LabelledImages } from '../data';
import { tfSeed } from '../maths';
import { perImageNegativeElbo } from '../metrics';
import { Vae } from '../models';
import { checkpointFile, trainedRunFolder } from '../storage';
import { evaluatorOutputsInChunks, loadClassifier } from '../evaluator';
import {
  CLASSIFIER_DEFAULTS,
  classifierTrainer,
  encode,
  firstImages,
  fit,
  loadVae,
  TrainingProgress,
  VAE_DEFAULTS,
  vaeTrainer,
} from '../training';

/** A model and where it came from, for the notebook to say. */
export interface Sourced<T> {
  model: T;
  source: string;
}

/** The evaluator of chapter 04 (runs/classifier, else the shipped one), or one epoch on `quickImages` training digits when it is missing. */
export async function evaluatorOrQuickOne(
  mnist: Dataset,
  quickImages: number,
  progress?: TrainingProgress,
): Promise<Sourced<tf.Sequential>> {
  const dir = trainedRunFolder('classifier');
  if (fs.existsSync(checkpointFile(dir)))
    return { model: loadClassifier(dir), source: `the evaluator of chapter 04 (${dir})` };
  const trainer = classifierTrainer(firstImages(mnist.test, 500), 1);
  await fit(trainer, {
    data: firstImages(mnist.train, quickImages),
    numEpochs: 1,
    batchSize: CLASSIFIER_DEFAULTS.batchSize,
    seed: 1,
    progress,
  });
  return {
    model: trainer.model,
    source: `a classifier trained here for 1 epoch on ${quickImages} digits (no run in ${dir} yet)`,
  };
}

/** The conv VAE of chapter 06 (runs/vae, else the shipped one), or one epoch on `quickImages` training digits when it is missing. */
export async function vaeOrQuickOne(
  mnist: Dataset,
  quickImages: number,
  progress?: TrainingProgress,
): Promise<Sourced<Vae>> {
  const dir = trainedRunFolder('vae');
  if (fs.existsSync(checkpointFile(dir))) {
    const { vae, epochs } = loadVae(dir);
    return { model: vae, source: `the conv VAE of chapter 06 (${dir}, ${epochs} epochs)` };
  }
  const trainer = vaeTrainer({ seed: 1 });
  await fit(trainer, {
    data: firstImages(mnist.train, quickImages),
    numEpochs: 1,
    batchSize: VAE_DEFAULTS.batchSize,
    seed: 1,
    progress,
  });
  return {
    model: trainer.vae,
    source: `a conv VAE trained here for 1 epoch on ${quickImages} digits (no run in ${dir} yet)`,
  };
}

/** Images that ask different questions of the two models, with their names; pixels in [0, 1], [n, 28, 28, 1]. */
export function probeImages(
  mnistTest: LabelledImages,
  fashionTest: LabelledImages,
  seed: number,
): { names: string[]; images: tf.Tensor4D } {
  return tf.tidy(() => {
    const digits = imagesToTensor(mnistTest, [0, 1, 2], 'unit'); // a 7, a 2 and a 1
    const garment = imagesToTensor(fashionTest, [0], 'unit'); // an ankle boot
    const seven = digits.slice(0, 1);
    const noise = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', tfSeed(seed));
    const blank = tf.zeros([1, 28, 28, 1]);
    const images = tf.concat([digits, seven.reverse([1, 2]), tf.sub(1, seven), garment, noise, blank]) as tf.Tensor4D;
    const names = [
      `test digit ${mnistTest.labels[0]}`,
      `test digit ${mnistTest.labels[1]}`,
      `test digit ${mnistTest.labels[2]}`,
      'the first digit turned upside down',
      'the first digit in negative',
      'a Fashion-MNIST ankle boot',
      'uniform noise',
      'a blank image',
    ];
    return { names, images };
  });
}

export interface TwoViews {
  /** The evaluator's most probable class, and its probability p(y|x). */
  predictedClass: number[];
  confidence: number[];
  /** −ELBO(x) in nats under the VAE, an upper bound on −log p(x): lower is more probable. */
  negElbo: number[];
}

/** Scores each image both ways. */
export function scoreTwoWays(evaluator: tf.Sequential, vae: Vae, images: tf.Tensor4D, seed: number): TwoViews {
  const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
  const rows = probabilities.arraySync();
  tf.dispose([probabilities, features]);
  const negElbo = perImageNegativeElbo(
    (x) => encode(vae, x),
    (z) => vae.decoder.predict(z) as tf.Tensor,
    images,
    { batchSize: 100, seed },
  );
  return {
    predictedClass: rows.map((r) => r.indexOf(Math.max(...r))),
    confidence: rows.map((r) => Math.max(...r)),
    negElbo: Array.from(negElbo),
  };
}
