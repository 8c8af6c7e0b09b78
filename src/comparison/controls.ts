// Sample sets whose answer is known, scored exactly like a model's samples, so that every table can show what "good"
// and "bad" read on each score, and so that a score fooled by a degenerate set shows it:
//   real      other real digits: the best any generator can do at this sample size (real against real);
//   blurred   the same digits through a 3 × 3 box filter: legible, but smoother than any real digit, like a VAE's means;
//   one class real digits of one class only: every sample perfect, no variety at all;
//   averaged  the mean of the real digits, repeated: one blurred blob, what a VAE that ignores its code draws.
import * as tf from '@tensorflow/tfjs';
import { Dataset, imagesToTensor } from '../data';
import { ScoringReference, scoreSamples } from './score';
import { SampleScores } from './results';

export type ControlName = 'real' | 'blurred' | 'oneClass' | 'averaged';

export const CONTROL_LABELS: Record<ControlName, string> = {
  real: 'real digits (training set, against test)',
  blurred: 'real digits, blurred 3 × 3',
  oneClass: 'real digits of one class (all 1s)',
  averaged: 'the average digit, repeated',
};

/** The digit of the one-class control. */
export const ONE_CLASS_DIGIT = 1;

export type ControlScores = Record<ControlName, SampleScores>;

/** Scores of the four controls, each as many images as the reference's samples, from the training set. */
export function scoreControls(mnist: Dataset, evaluator: tf.Sequential, reference: ScoringReference): ControlScores {
  const n = reference.samples;
  const oneClass = Array.from(mnist.train.labels.keys())
    .filter((i) => mnist.train.labels[i] === ONE_CLASS_DIGIT)
    .slice(0, n);
  if (oneClass.length < n) {
    throw new Error(
      `the training set has ${oneClass.length} images of a ${ONE_CLASS_DIGIT}, fewer than the ${n} samples to score.`,
    );
  }
  const sets: Record<ControlName, () => tf.Tensor4D> = {
    real: () =>
      imagesToTensor(
        mnist.train,
        Array.from({ length: n }, (_, i) => i),
        'unit',
      ),
    blurred: () => tf.tidy(() => tf.avgPool(sets.real(), 3, 1, 'same')),
    oneClass: () => imagesToTensor(mnist.train, oneClass, 'unit'),
    averaged: () => tf.tidy(() => tf.tile(sets.real().mean(0, true), [n, 1, 1, 1]) as tf.Tensor4D),
  };
  const scores = {} as ControlScores;
  for (const name of Object.keys(sets) as ControlName[]) {
    const images = sets[name]();
    try {
      scores[name] = scoreSamples(images, evaluator, reference);
    } finally {
      images.dispose();
    }
  }
  return scores;
}
