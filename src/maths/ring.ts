// The 2-D data on which GAN papers watch mode collapse: equal Gaussians evenly spaced on a circle (the ring of eight of
// Metz et al. 2016, "Unrolled Generative Adversarial Networks", https://arxiv.org/abs/1611.02163). Each mode is a
// separate island, so a generator that drops some is seen at once, and counted as VEEGAN does (Srivastava et al. 2017,
// https://arxiv.org/abs/1705.07761): a sample is of high quality when it lies within three standard deviations of its
// nearest mode's centre, and a mode is covered when enough high-quality samples land on it.
import { normalRng, uniformRng } from './random';

/** `modes` isotropic Gaussians of standard deviation `std`, centred on a circle of `radius` about the origin. */
export interface Ring {
  modes: number;
  radius: number;
  std: number;
}

/** A mode counts as covered when it holds at least this share of its fair 1/modes share of the samples. */
export const COVERED_MODE_SHARE = 0.25;

/** The centres (r cos 2πk/modes, r sin 2πk/modes), k = 0 … modes − 1. */
export function ringCentres(ring: Ring): [number, number][] {
  assertRing(ring);
  return Array.from({ length: ring.modes }, (_, k) => {
    const angle = (2 * Math.PI * k) / ring.modes;
    return [ring.radius * Math.cos(angle), ring.radius * Math.sin(angle)];
  });
}

/** n seeded draws: a mode chosen uniformly, then its Gaussian. */
export function sampleRing(ring: Ring, n: number, seed: number): [number, number][] {
  const centres = ringCentres(ring);
  const uniform = uniformRng(seed);
  // Stryker disable next-line ArithmeticOperator: any stream other than the uniform's gives the same distribution
  const normal = normalRng(seed + 1);
  return Array.from({ length: n }, () => {
    const [x, y] = centres[Math.floor(uniform() * ring.modes)];
    // Stryker disable next-line ArithmeticOperator: −σz has the law of σz for a standard normal z
    return [x + ring.std * normal(), y + ring.std * normal()];
  });
}

export interface RingCoverage {
  /** Per mode, the share of all samples within 3 std of its centre. */
  modeShares: number[];
  /** The share of samples within 3 std of their nearest centre. */
  highQualityShare: number;
  /** The modes holding at least COVERED_MODE_SHARE / modes of the samples. */
  modesCovered: number;
}

/** How well 2-D samples cover the ring's modes, by the counts above. */
export function ringCoverage(samples: ArrayLike<number>[], ring: Ring): RingCoverage {
  const centres = ringCentres(ring);
  if (samples.length === 0) throw new Error('ringCoverage needs at least one sample.');
  const counts = new Array<number>(ring.modes).fill(0);
  for (const [i, point] of Array.from(samples).entries()) {
    if (point.length !== 2 || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
      throw new Error(`sample ${i} is not a finite 2-D point; pass one [x, y] per sample.`);
    }
    const distances = centres.map(([x, y]) => Math.hypot(point[0] - x, point[1] - y));
    const nearest = distances.indexOf(Math.min(...distances));
    if (distances[nearest] <= 3 * ring.std) counts[nearest] += 1;
  }
  const modeShares = counts.map((count) => count / samples.length);
  return {
    modeShares,
    highQualityShare: modeShares.reduce((sum, share) => sum + share, 0),
    modesCovered: modeShares.filter((share) => share >= COVERED_MODE_SHARE / ring.modes).length,
  };
}

function assertRing(ring: Ring): void {
  if (!Number.isInteger(ring.modes) || ring.modes < 1 || !(ring.radius >= 0) || !(ring.std > 0)) {
    throw new Error(
      `a ring needs a whole number of modes ≥ 1, a radius ≥ 0 and a std > 0, got ${JSON.stringify(ring)}.`,
    );
  }
}
