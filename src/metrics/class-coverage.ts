// Mode coverage read off an evaluator classifier's softmax outputs: a generator that drops digits (mode collapse)
// shows a low entropy of predicted classes and few covered classes; a blurry one shows a low mean confidence.
import { FeatureMatrix, featureRows } from './features';

/** A class counts as covered when it holds at least this share of the predictions (20 of 1,000 samples). */
export const COVERED_CLASS_SHARE = 0.02;

export interface ClassCoverage {
  /** The share of samples whose most probable class is each class. */
  classShares: number[];
  /** −Σ p ln p of those shares, in nats: ln(classes) when uniform, 0 when all samples fall in one class. */
  entropy: number;
  /** The number of classes holding at least COVERED_CLASS_SHARE of the samples. */
  coveredClasses: number;
  /** The mean over samples of the largest softmax probability. */
  meanConfidence: number;
}

/** Class coverage of a set of softmax rows, [samples, classes]. */
export function classCoverage(probabilities: FeatureMatrix): ClassCoverage {
  const rows = featureRows(probabilities, 'the softmax outputs');
  rows.forEach(assertProbabilities);
  const counts = new Array<number>(rows[0].length).fill(0);
  let confidenceSum = 0;
  for (const row of rows) {
    const confidence = Math.max(...row);
    counts[row.indexOf(confidence)] += 1;
    confidenceSum += confidence;
  }
  const classShares = counts.map((count) => count / rows.length);
  return {
    classShares,
    entropy: classShares.reduce((sum, p) => (p > 0 ? sum - p * Math.log(p) : sum), 0),
    coveredClasses: classShares.filter((p) => p >= COVERED_CLASS_SHARE).length,
    meanConfidence: confidenceSum / rows.length,
  };
}

function assertProbabilities(row: number[], i: number): void {
  const sum = row.reduce((total, p) => total + p, 0);
  // Stryker disable next-line EqualityOperator: a tolerance, not a boundary anything lands on exactly
  if (row.some((p) => p < 0) || Math.abs(sum - 1) > 1e-3) {
    throw new Error(
      `softmax row ${i} sums to ${sum.toPrecision(4)} or has a negative entry, so it is not a ` +
        'probability vector; if these are logits, apply tf.softmax first.',
    );
  }
}
