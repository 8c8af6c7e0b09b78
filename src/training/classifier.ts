// Training the evaluator classifier (src/models/classifier.ts) with softmax cross-entropy and Adam.
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, labelsToTensor, LabelledImages } from '../data';
import { buildClassifier } from '../models';
import { Trainer } from './loop';
import { CLASSIFIER_DEFAULTS } from './settings';

const EVAL_BATCH = 500;

/** A Trainer for a new classifier (weights fixed by `seed`) that reports test loss and accuracy on `test` after each epoch. */
export function classifierTrainer(
  test: LabelledImages,
  seed: number,
  learningRate = CLASSIFIER_DEFAULTS.learningRate,
): Trainer & { model: tf.Sequential } {
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
export async function evaluateClassifier(
  model: tf.LayersModel,
  set: LabelledImages,
): Promise<{ testLoss: number; testAccuracy: number }> {
  const { predicted, lossSum } = await predictAll(model, set);
  const correct = predicted.filter((p, i) => p === set.labels[i]).length;
  return { testLoss: lossSum / set.count, testAccuracy: correct / set.count };
}

/** The class `model` predicts for each image of `set`. */
export async function predictClasses(model: tf.LayersModel, set: LabelledImages): Promise<Int32Array> {
  return (await predictAll(model, set)).predicted;
}

async function predictAll(
  model: tf.LayersModel,
  set: LabelledImages,
): Promise<{ predicted: Int32Array; lossSum: number }> {
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
