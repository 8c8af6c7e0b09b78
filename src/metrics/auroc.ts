// The area under the ROC curve of a score used as a detector: the probability that a randomly drawn positive scores
// higher than a randomly drawn negative, ties counting one half (the Mann–Whitney U statistic divided by n₊·n₋;
// Hanley & McNeil 1982, https://doi.org/10.1148/radiology.143.1.7063747). 1 separates the sets perfectly, 0.5 is a
// coin, 0 separates them perfectly the wrong way round.

/** AUROC of `positives` against `negatives` (higher score = "positive"), from the ranks of the pooled scores. */
export function auroc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  if (positives.length === 0 || negatives.length === 0) {
    throw new Error(
      `AUROC needs at least one score in each set, got ${positives.length} positives and ` +
        `${negatives.length} negatives.`,
    );
  }
  const pooled = [
    ...Array.from(positives, (score) => ({ score, positive: true })),
    ...Array.from(negatives, (score) => ({ score, positive: false })),
  ];
  const bad = pooled.find((p) => !Number.isFinite(p.score));
  if (bad)
    throw new Error(`AUROC got the score ${bad.score}; every score must be a finite number (a diverged model?).`);
  pooled.sort((a, b) => a.score - b.score);
  // Sum of the positives' ranks (1-based), tied scores sharing the mean of their ranks.
  let positiveRankSum = 0;
  for (let start = 0; start < pooled.length;) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1].score === pooled[start].score) end += 1;
    const meanRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) if (pooled[i].positive) positiveRankSum += meanRank;
    start = end + 1;
  }
  const [m, n] = [positives.length, negatives.length];
  return (positiveRankSum - (m * (m + 1)) / 2) / (m * n);
}
