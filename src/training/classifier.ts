// Training the evaluator classifier (src/models/classifier.ts) with softmax cross-entropy and Adam.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, labelsToTensor, LabelledImages } from '../data';
import { buildClassifier, CLASSIFIER_FEATURE_LAYER } from '../models/classifier';
import { checkpointFile, disposeCheckpoint, readCheckpoint, setNetworkWeights } from '../storage';
import { Trainer } from './loop';

const EVAL_BATCH = 500;

/** A Trainer for a new classifier (weights fixed by `seed`) that reports test loss and accuracy on `test` after each epoch. */
export function classifierTrainer(test: LabelledImages, seed: number, learningRate = 1e-3): Trainer & { model: tf.Sequential } {
  const model = buildClassifier(seed);
  const optimizer = tf.train.adam(learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    kind: 'classifier',
    settings: {},
    model,
    networks: { classifier: model },
    optimizers: { classifier: optimizer },
    range: 'unit',
    async step({ images, labels }) {
      const loss = optimizer.minimize(() => crossEntropy(model, images, labels), true, variables)!;
      const value = (await loss.data())[0];
      loss.dispose();
      return { loss: value };
    },
    evaluate: async () => evaluateClassifier(model, test),
  };
}

function crossEntropy(model: tf.LayersModel, images: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(images, { training: true }) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels as tf.Tensor1D, 10), logits) as tf.Scalar;
  });
}

/** Mean test cross-entropy (nats) and accuracy (fraction correct) of `model` on `set`. */
export async function evaluateClassifier(model: tf.LayersModel, set: LabelledImages): Promise<{ testLoss: number; testAccuracy: number }> {
  const { predicted, lossSum } = await predictAll(model, set);
  const correct = predicted.filter((p, i) => p === set.labels[i]).length;
  return { testLoss: lossSum / set.count, testAccuracy: correct / set.count };
}

/** The class `model` predicts for each image of `set`. */
export async function predictClasses(model: tf.LayersModel, set: LabelledImages): Promise<Int32Array> {
  return (await predictAll(model, set)).predicted;
}

async function predictAll(model: tf.LayersModel, set: LabelledImages): Promise<{ predicted: Int32Array; lossSum: number }> {
  const predicted = new Int32Array(set.count);
  let lossSum = 0;
  for (let start = 0; start < set.count; start += EVAL_BATCH) {
    const indices = Array.from({ length: Math.min(EVAL_BATCH, set.count - start) }, (_, i) => start + i);
    const [loss, classes] = tf.tidy(() => {
      const logits = model.predict(imagesToTensor(set, indices, 'unit')) as tf.Tensor2D;
      const labels = tf.oneHot(labelsToTensor(set, indices), 10);
      return [tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.SUM), logits.argMax(1)];
    });
    lossSum += (await loss.data())[0];
    predicted.set(await classes.data(), start);
    tf.dispose([loss, classes]);
  }
  return { predicted, lossSum };
}

/**
 * What later chapters read off the evaluator for images in [0, 1]: its softmax ([n, 10], which digit?) and its
 * penultimate layer ([n, 256], a feature space). The caller disposes both.
 */
export function evaluatorOutputs(model: tf.Sequential, images: tf.Tensor4D): { probabilities: tf.Tensor2D; features: tf.Tensor2D } {
  return tf.tidy(() => {
    const split = model.layers.indexOf(model.getLayer(CLASSIFIER_FEATURE_LAYER)) + 1;
    let x: tf.Tensor = images;
    for (const layer of model.layers.slice(0, split)) x = layer.apply(x) as tf.Tensor;
    const features = x as tf.Tensor2D;
    for (const layer of model.layers.slice(split)) x = layer.apply(x) as tf.Tensor;
    return { probabilities: tf.softmax(x as tf.Tensor2D), features };
  });
}

/** Images per evaluator call: keeps the conv activations of one call to a few tens of MB. */
export const EVALUATOR_CHUNK = 200;

/** evaluatorOutputs over all images, EVALUATOR_CHUNK at a time. */
export function evaluatorOutputsInChunks(model: tf.Sequential, images: tf.Tensor4D): { probabilities: tf.Tensor2D; features: tf.Tensor2D } {
  const probabilities: tf.Tensor2D[] = [];
  const features: tf.Tensor2D[] = [];
  for (let start = 0; start < images.shape[0]; start += EVALUATOR_CHUNK) {
    const outputs = tf.tidy(() => evaluatorOutputs(model,
      images.slice(start, Math.min(EVALUATOR_CHUNK, images.shape[0] - start))));
    probabilities.push(outputs.probabilities);
    features.push(outputs.features);
  }
  const joined = { probabilities: tf.concat(probabilities), features: tf.concat(features) };
  tf.dispose([...probabilities, ...features]);
  return joined;
}

/** The classifier saved in run folder `runDir` (by the CLI or notebook 04), ready to evaluate images in [0, 1]. */
export function loadClassifier(runDir: string): tf.Sequential {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(`${runDir} holds no trained classifier (no ${file}). Train one with notebook 04 or ` +
      `\`genlab train classifier --out=${runDir}\`.`);
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'classifier') throw new Error(`${file} holds a ${checkpoint.kind} run, not a classifier.`);
    const model = buildClassifier(checkpoint.settings.seed);
    setNetworkWeights(model, checkpoint.networks.classifier ?? [], file);
    return model;
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
