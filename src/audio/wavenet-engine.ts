// A trained WaveNet's arithmetic, one time step at a time, in plain TypeScript: the per-position maths that both the
// naive and the fast generator (generate.ts) run, so that the two differ only in what they recompute. The weights
// are read from the tfjs model of src/models/wavenet.ts; its layers are named there.
import * as tf from '@tensorflow/tfjs';
import { LEVELS } from './mulaw';

/** A dense map y = b + x·W, W row-major [inputs, outputs]. A causal convolution is one, over [past, present]. */
interface Dense {
  weights: Float64Array;
  bias: Float64Array;
  inputs: number;
  outputs: number;
}

export interface WaveNetLayerWeights {
  dilation: number;
  /** Over [the layer's input d steps back, its present input]: 2 × residual channels → 2 × gate channels. */
  dilated: Dense;
  residual: Dense;
  skip: Dense;
}

export interface WaveNetEngine {
  /** The input causal convolution, over [previous sample, present sample]. */
  input: Dense;
  layers: WaveNetLayerWeights[];
  hidden: Dense;
  logits: Dense;
  receptiveField: number;
}

/** Copies the weights of a model built by buildWaveNet. */
export function waveNetEngine(model: tf.LayersModel): WaveNetEngine {
  const dense = (name: string): Dense => {
    const [kernel, bias] = model.getLayer(name).getWeights();
    const [inputs, outputs] = kernel.shape;
    return { weights: Float64Array.from(kernel.dataSync()), bias: Float64Array.from(bias.dataSync()), inputs, outputs };
  };
  const layers: WaveNetLayerWeights[] = [];
  for (let i = 0; model.layers.some((layer) => layer.name === `layer${i}_dilated`); i++) {
    const { dilation } = model.getLayer(`layer${i}_dilated`) as unknown as { dilation: number };
    layers.push({
      dilation,
      dilated: dense(`layer${i}_dilated`),
      residual: dense(`layer${i}_residual`),
      skip: dense(`layer${i}_skip`),
    });
  }
  const receptiveField = 2 + layers.reduce((sum, layer) => sum + layer.dilation, 0);
  return {
    input: dense('input_causal'),
    layers,
    hidden: dense('head_hidden'),
    logits: dense('logits'),
    receptiveField,
  };
}

/** b + [past, present]·W: one output position of a causal convolution (or, with one input, of a dense layer). */
export function applyTaps(layer: Dense, past: Float64Array | null, present: Float64Array): Float64Array {
  const out = layer.bias.slice();
  const { weights, outputs } = layer;
  const parts = past ? [past, present] : [present];
  let row = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++, row++) {
      const x = part[i];
      const offset = row * outputs;
      for (let o = 0; o < outputs; o++) out[o] += x * weights[offset + o];
    }
  }
  return out;
}

/** One residual layer at one time step: the new residual stream value and this layer's skip contribution. */
export function residualStep(
  layer: WaveNetLayerWeights,
  past: Float64Array,
  present: Float64Array,
): { next: Float64Array; skip: Float64Array } {
  const pre = applyTaps(layer.dilated, past, present);
  const half = pre.length / 2;
  const gated = new Float64Array(half);
  for (let c = 0; c < half; c++) gated[c] = Math.tanh(pre[c]) / (1 + Math.exp(-pre[half + c]));
  const update = applyTaps(layer.residual, null, gated);
  for (let c = 0; c < update.length; c++) update[c] += present[c];
  return { next: update, skip: applyTaps(layer.skip, null, gated) };
}

/** The output head: logits of the next code from the sum of the skips, relu → dense relu → dense. */
export function headLogits(engine: WaveNetEngine, skipSum: Float64Array): Float64Array {
  const hidden = applyTaps(
    engine.hidden,
    null,
    skipSum.map((x) => Math.max(0, x)),
  );
  return applyTaps(
    engine.logits,
    null,
    hidden.map((x) => Math.max(0, x)),
  );
}

/** The code whose cumulative softmax probability first exceeds `uniform` (a number in [0, 1)): sampling by inversion. */
export function sampleCode(logits: Float64Array, uniform: number): number {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let total = 0;
  const weights = logits.map((value) => {
    const w = Math.exp(value - max);
    total += w;
    return w;
  });
  let cumulative = 0;
  for (let code = 0; code < LEVELS; code++) {
    cumulative += weights[code] / total;
    if (uniform < cumulative) return code;
  }
  return LEVELS - 1;
}
