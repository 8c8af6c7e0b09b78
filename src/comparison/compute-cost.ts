// What a training step costs: seconds, parameters and forward passes of each network.
import { finalEpoch } from './metric-readings';
import { RunResult, RunSpec } from './results';

/**
 * Forward passes of each network per training step. A GAN step with k generator steps: the D update runs G once
 * (fakes) and D twice (real batch, fake batch); each G update runs G and D once (D judges G's fresh fakes), so
 * G ×(1 + k) and D ×(2 + k) — G ×2 and D ×3 for the usual k = 1. Every forward pass on the gradient's path is followed
 * by a backward pass. A VAE step: the encoder and the decoder once each.
 */
export function forwardPassesPerStep(spec: RunSpec): Record<string, number> {
  if (spec.model === 'vae') return { encoder: 1, decoder: 1 };
  const k = spec.generatorSteps ?? 1;
  return { generator: 1 + k, discriminator: 2 + k };
}

export interface ComputeCost {
  secondsPerStep: number;
  stepsPerSecond: number;
  parameters: number;
  forwardPasses: Record<string, number>;
}

export function computeCost(run: RunResult): ComputeCost {
  const last = finalEpoch(run);
  return {
    secondsPerStep: last.trainSeconds / last.steps,
    stepsPerSecond: last.steps / last.trainSeconds,
    parameters: run.parameters,
    forwardPasses: forwardPassesPerStep(run.spec),
  };
}
