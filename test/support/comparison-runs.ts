// Hand-made results of chapter 07's runs, for tests of the summaries, verdicts and tables: every score at a neutral
// value unless the test sets it.
import { EpochResult, RunResult, RunSpec, SampleScores, VaeTestScores } from '../../src/comparison/results';

export const uniformShares = () => new Array<number>(10).fill(0.1);

export const baseScores: SampleScores = {
  samples: 100,
  classEntropy: Math.log(10),
  classesCovered: 10,
  classShares: uniformShares(),
  meanConfidence: 0.9,
  precision: 0.5,
  recall: 0.5,
  density: 1,
  coverage: 0.5,
  frechet: 10,
  relativeSharpness: 1,
  memorisationRatio: 1,
};
export const baseVae: VaeTestScores = { negativeElbo: 100, reconstruction: 80, kl: 20, activeUnits: 15 };

export interface EpochValues extends Partial<SampleScores> {
  seconds?: number;
  steps?: number;
  vae?: Partial<VaeTestScores>;
}

/** A run whose epochs have the given scores; epoch i took 10 s and 100 steps unless set. */
export function run(
  spec: Partial<RunSpec> & Pick<RunSpec, 'id' | 'experiment' | 'model'>,
  epochs: EpochValues[],
  parameters = 1000,
): RunResult {
  const fullSpec: RunSpec = {
    architecture: 'mlp',
    seed: 1,
    numEpochs: epochs.length,
    trainingImages: 60_000,
    batchSize: 64,
    learningRate: 1e-3,
    adamBeta1: 0.9,
    ...spec,
  };
  return {
    spec: fullSpec,
    parameters,
    epochs: epochs.map(({ seconds, steps, vae, ...scores }, i): EpochResult => ({
      epoch: i + 1,
      steps: steps ?? 100 * (i + 1),
      trainSeconds: seconds ?? 10 * (i + 1),
      losses: {},
      scores: { ...baseScores, ...scores },
      ...(spec.model === 'vae' ? { vae: { ...baseVae, ...vae } } : {}),
    })),
  };
}
