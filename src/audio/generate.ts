// Sampling from a WaveNet one sample at a time, two ways that compute the very same numbers:
//   naive  for each new sample, run the whole network over the last R inputs (R the receptive field), as a forward
//          pass over a window would: every layer recomputes values it already computed one step before;
//   fast   Paine et al. 2016, "Fast Wavenet Generation Algorithm" (arXiv:1611.09482): each layer keeps a queue of
//          its last d inputs (d its dilation), so a step computes one new value per layer and reads the old one it
//          needs from the queue: work proportional to the number of layers, not to R times it.
// Both draw sample t by inverting the softmax's cumulative distribution at the t-th number of one seeded stream, so
// the same seed gives the same samples.
import { uniformRng } from '../maths';
import { codeToCompanded } from './mulaw';
import { applyTaps, headLogits, residualStep, sampleCode, WaveNetEngine } from './wavenet-engine';

export interface GenerateOptions {
  /** The μ-law codes the generation continues; at least one receptive field long. */
  prompt: Uint8Array;
  /** How many new codes to draw. */
  count: number;
  seed: number;
}

/** New codes, recomputing the whole receptive field for each one. */
export function generateNaive(engine: WaveNetEngine, options: GenerateOptions): Uint8Array {
  const { prompt, count, seed } = checked(engine, options);
  const R = engine.receptiveField;
  const inputs = Array.from(prompt, (code) => Float64Array.of(codeToCompanded(code)));
  const random = uniformRng(seed);
  const out = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const window = inputs.slice(inputs.length - R);
    let stream = window.slice(1).map((present, p) => applyTaps(engine.input, window[p], present)); // R − 1 positions
    const skipSum = new Float64Array(engine.layers[0].skip.outputs);
    for (const layer of engine.layers) {
      const steps = stream.slice(layer.dilation).map((present, q) => residualStep(layer, stream[q], present));
      stream = steps.map((step) => step.next);
      const skip = steps[steps.length - 1].skip; // only the last position reaches the output
      for (let c = 0; c < skipSum.length; c++) skipSum[c] += skip[c];
    }
    out[n] = sampleCode(headLogits(engine, skipSum), random());
    inputs.push(Float64Array.of(codeToCompanded(out[n])));
  }
  return out;
}

/** New codes, each layer reading its dilated input from a queue instead of recomputing it. */
export function generateFast(engine: WaveNetEngine, options: GenerateOptions): Uint8Array {
  const { prompt, count, seed } = checked(engine, options);
  const step = fastStepper(engine);
  const random = uniformRng(seed);
  let logits = new Float64Array(0);
  for (const code of prompt) logits = step(codeToCompanded(code)); // fills the queues; the last logits are for sample 1
  const out = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    out[n] = sampleCode(logits, random());
    if (n + 1 < count) logits = step(codeToCompanded(out[n]));
  }
  return out;
}

/** A function that takes the next input and returns the logits of the sample after it, keeping one queue per layer. */
function fastStepper(engine: WaveNetEngine): (input: number) => Float64Array {
  const residualChannels = engine.input.outputs;
  let previous = Float64Array.of(0);
  // queues[i][k] holds layer i's input from d, d − 1, …, 1 steps back, as a ring starting at heads[i].
  const queues = engine.layers.map((layer) =>
    Array.from({ length: layer.dilation }, () => new Float64Array(residualChannels)),
  );
  const heads = engine.layers.map(() => 0);
  return (input) => {
    const present = Float64Array.of(input);
    let stream = applyTaps(engine.input, previous, present);
    previous = present;
    const skipSum = new Float64Array(engine.layers[0].skip.outputs);
    engine.layers.forEach((layer, i) => {
      const queue = queues[i];
      const oldest = queue[heads[i]]; // this layer's input d steps back
      const { next, skip } = residualStep(layer, oldest, stream);
      queue[heads[i]] = stream; // becomes the oldest again in d steps
      heads[i] = (heads[i] + 1) % layer.dilation;
      for (let c = 0; c < skipSum.length; c++) skipSum[c] += skip[c];
      stream = next;
    });
    return headLogits(engine, skipSum);
  };
}

function checked(engine: WaveNetEngine, options: GenerateOptions): GenerateOptions {
  const { prompt, count } = options;
  if (prompt.length < engine.receptiveField) {
    throw new RangeError(
      `the prompt has ${prompt.length} samples; it must fill the receptive field of ${engine.receptiveField}.`,
    );
  }
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}.`);
  return options;
}
