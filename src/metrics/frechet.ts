// The Fréchet distance between two feature sets, each summarised by the Gaussian with its mean and covariance: the
// idea behind FID (Heusel et al. 2017, https://arxiv.org/abs/1706.08500), here in the evaluator's feature space.
// The closed form for two Gaussians is from Dowson & Landau 1982.
import { EigenvalueDecomposition, Matrix, covariance } from 'ml-matrix';
import { FeatureMatrix, assertSameWidth, featureRows } from './features';

/** The sample mean and covariance (divided by n − 1) of a feature set. */
export interface FeatureMoments {
  mean: number[];
  covariance: number[][];
}

/**
 * d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}) between the Gaussians fitted to two feature sets.
 * Like FID it is the squared distance; 0 for identical sets. Needs more rows than features in each set.
 */
export function frechetDistance(a: FeatureMatrix, b: FeatureMatrix): number {
  const rowsA = featureRows(a, 'the first feature set');
  const rowsB = featureRows(b, 'the second feature set');
  assertSameWidth([rowsA[0].length, rowsB[0].length], ['the first feature set', 'the second feature set']);
  return frechetDistanceOfMoments(featureMoments(rowsA), featureMoments(rowsB));
}

/** The sample mean and covariance of the rows; throws when the rows are too few for a full-rank covariance. */
export function featureMoments(rows: number[][]): FeatureMoments {
  const width = rows[0].length;
  if (rows.length <= width) {
    throw new Error(
      `a covariance of ${width} features needs more than ${width} rows, but got ${rows.length}; ` +
        'pass more samples (FID-style numbers are usually computed from 1,000 or more).',
    );
  }
  const matrix = new Matrix(rows);
  return { mean: matrix.mean('column'), covariance: covariance(matrix).to2DArray() };
}

/** The squared Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂). */
export function frechetDistanceOfMoments(p: FeatureMoments, q: FeatureMoments): number {
  const meanTerm = p.mean.reduce((sum, m, i) => sum + (m - q.mean[i]) ** 2, 0);
  const sqrtP = new Matrix(symmetricMatrixSqrt(p.covariance));
  // Σ₁^{1/2} Σ₂ Σ₁^{1/2} is symmetric positive semi-definite (unlike Σ₁Σ₂), so its root comes from a symmetric
  // eigendecomposition with real eigenvalues, and the trace of the root is the sum of their square roots.
  const inner = sqrtP.mmul(new Matrix(q.covariance)).mmul(sqrtP);
  const traceOfRoot = psdEigenvalues(inner).reduce((sum, lambda) => sum + Math.sqrt(lambda), 0);
  const distance = meanTerm + trace(p.covariance) + trace(q.covariance) - 2 * traceOfRoot;
  return Math.max(0, distance); // identical sets can land a rounding error below zero
}

/** The symmetric positive semi-definite square root S of a covariance C (S·S = C): V diag(√λ) Vᵀ. */
export function symmetricMatrixSqrt(matrix: number[][]): number[][] {
  const m = new Matrix(matrix);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: symmetrised() is exactly symmetric, so ml-matrix's own check agrees
  const decomposition = new EigenvalueDecomposition(symmetrised(m), { assumeSymmetric: true });
  const v = decomposition.eigenvectorMatrix;
  const roots = clippedEigenvalues(decomposition.realEigenvalues).map(Math.sqrt);
  return v.mmul(Matrix.diag(roots)).mmul(v.transpose()).to2DArray();
}

function psdEigenvalues(m: Matrix): number[] {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: symmetrised() is exactly symmetric, so ml-matrix's own check agrees
  return clippedEigenvalues(new EigenvalueDecomposition(symmetrised(m), { assumeSymmetric: true }).realEigenvalues);
}

/**
 * Rounding leaves the zero eigenvalues of a singular covariance (a dead feature, a constant pixel) slightly negative,
 * and √ of them would be NaN: clip those to 0. A clearly negative one means the input was not a covariance.
 */
function clippedEigenvalues(eigenvalues: number[]): number[] {
  const largest = Math.max(...eigenvalues.map(Math.abs));
  return eigenvalues.map((lambda) => {
    if (lambda < -1e-9 * largest) {
      throw new Error(
        `the matrix has eigenvalue ${lambda.toPrecision(3)}, so it is not a covariance ` +
          '(symmetric positive semi-definite).',
      );
    }
    return Math.max(0, lambda);
  });
}

/** (M + Mᵀ)/2, removing the rounding asymmetry of products such as Σ₁^{1/2} Σ₂ Σ₁^{1/2}. */
function symmetrised(m: Matrix): Matrix {
  return Matrix.add(m, m.transpose()).mul(0.5);
}

function trace(matrix: number[][]): number {
  return matrix.reduce((sum, row, i) => sum + row[i], 0);
}
