// A small WaveNet: van den Oord et al. 2016, "WaveNet: A Generative Model for Raw Audio" (arXiv:1609.03499).
// A stack of dilated causal convolutions with gated activations, residual and skip connections, ending in a softmax
// over the 256 μ-law classes of the next sample. No recurrence: one forward pass scores every sample of a clip.
//
// The convolutions are "valid" and causal: a layer of dilation d maps a sequence of length T to length T − d, output
// t reading inputs t and t + d (the present and d steps back, in output coordinates). So the network maps T inputs to
// T − (R − 1) outputs, R being the receptive field, and output j depends on inputs j..j + R − 1 only: the causal
// shift is built in, with no padding to mask. Kernel size 2, as in the paper. tfjs's conv1d takes a dilation rate but
// has no gradient for it ("dilation rates greater than 1 are not yet supported in gradients"), so each causal
// convolution is one matrix product of the two taps side by side.
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../maths';

export interface WaveNetConfig {
  /** The dilation of each residual layer, e.g. 1, 2, 4, …, 128, then again. */
  dilations: number[];
  /** Channels of the residual stream (the paper's "residual channels"). */
  residualChannels: number;
  /** Channels of each layer's gated activation. */
  gateChannels: number;
  /** Channels of the skip connections and the output head. */
  skipChannels: number;
}

/** Output classes: the 256 levels of 8-bit μ-law. */
export const WAVENET_CLASSES = 256;

/**
 * The receptive field in samples: output t sees inputs t − R + 1 … t. The input causal convolution (dilation 1)
 * adds one sample of the past, and each residual layer of dilation d adds d.
 */
export function receptiveField(dilations: number[]): number {
  for (const d of dilations) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`dilations must be positive integers, got ${d}.`);
  }
  return 2 + dilations.reduce((sum, d) => sum + d, 0);
}

/** Dilations 1, 2, 4, …, 2^(layersPerStack−1), repeated `stacks` times. */
export function doublingDilations(layersPerStack: number, stacks: number): number[] {
  return Array.from({ length: stacks * layersPerStack }, (_, i) => 2 ** (i % layersPerStack));
}

/** A causal convolution of kernel size 2 and dilation d, without padding: [batch, T, in] → [batch, T − d, filters]. */
export class CausalConv1D extends tf.layers.Layer {
  static className = 'GenlabCausalConv1D';
  readonly filters: number;
  readonly dilation: number;
  private kernel!: tf.LayerVariable; // [2 × in, filters]: the tap d steps back on top, the present below
  private bias!: tf.LayerVariable;

  constructor(config: { filters: number; dilation: number; name?: string }) {
    super({ name: config.name });
    this.filters = config.filters;
    this.dilation = config.dilation;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as tf.Shape)[2] as number;
    this.kernel = this.addWeight('kernel', [2 * channels, this.filters], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, length] = inputShape as tf.Shape;
    return [batch, length === null ? null : length - this.dilation, this.filters];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, length, channels] = x.shape;
      const outLength = length - this.dilation;
      if (outLength < 1) {
        throw new RangeError(
          `${this.name} (dilation ${this.dilation}) needs more than ${this.dilation} time steps, got ${length}.`,
        );
      }
      const past = x.slice([0, 0, 0], [batch, outLength, channels]);
      const present = x.slice([0, this.dilation, 0], [batch, outLength, channels]);
      const taps = tf.concat([past, present], 2).reshape([batch * outLength, 2 * channels]);
      const y = tf.add(tf.matMul(taps, this.kernel.read()), this.bias.read());
      return y.reshape([batch, outLength, this.filters]);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, dilation: this.dilation };
  }
}

/** The gated activation tanh(f) ⊙ σ(g), where f and g are the two halves of the channels. */
export class GatedActivation extends tf.layers.Layer {
  static className = 'GenlabGatedActivation';

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [...shape.slice(0, -1), (shape[shape.length - 1] as number) / 2];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [filter, gate] = tf.split(x, 2, -1);
      return tf.mul(tf.tanh(filter), tf.sigmoid(gate));
    });
  }
}

/** The last time steps of its first input, as many as its second has: aligns a residual or skip with a shorter stream. */
export class KeepLast extends tf.layers.Layer {
  static className = 'GenlabKeepLast';

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [x, reference] = inputShape as tf.Shape[];
    return [x[0], reference[1], x[2]];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, reference] = inputs as tf.Tensor3D[];
    const [batch, length, channels] = x.shape;
    const keep = reference.shape[1];
    return x.slice([0, length - keep, 0], [batch, keep, channels]);
  }
}

for (const layer of [CausalConv1D, GatedActivation, KeepLast]) tf.serialization.registerClass(layer);

/**
 * The WaveNet as a Keras-style model: input [batch, T, 1], the companded samples in [−1, 1]; output
 * [batch, T − R + 1, 256], the logits of the next sample's μ-law class after each window of R inputs.
 */
export function buildWaveNet(config: WaveNetConfig): tf.LayersModel {
  const { dilations, residualChannels, gateChannels, skipChannels } = config;
  receptiveField(dilations); // checks the dilations
  const input = tf.input({ shape: [null, 1], name: 'samples' });
  let residual = new CausalConv1D({ filters: residualChannels, dilation: 1, name: 'input_causal' }).apply(
    input,
  ) as tf.SymbolicTensor;
  const skips: tf.SymbolicTensor[] = [];
  dilations.forEach((dilation, i) => {
    const conv = new CausalConv1D({ filters: 2 * gateChannels, dilation, name: `layer${i}_dilated` }).apply(residual);
    const gated = new GatedActivation({ name: `layer${i}_gate` }).apply(conv) as tf.SymbolicTensor;
    skips.push(tf.layers.dense({ units: skipChannels, name: `layer${i}_skip` }).apply(gated) as tf.SymbolicTensor);
    const update = tf.layers
      .dense({ units: residualChannels, name: `layer${i}_residual` })
      .apply(gated) as tf.SymbolicTensor;
    const kept = new KeepLast({ name: `layer${i}_keep` }).apply([residual, update]) as tf.SymbolicTensor;
    residual = tf.layers.add({ name: `layer${i}_add` }).apply([kept, update]) as tf.SymbolicTensor;
  });
  const aligned = skips.map(
    (skip, i) => new KeepLast({ name: `skip${i}_keep` }).apply([skip, residual]) as tf.SymbolicTensor,
  );
  const skipSum =
    aligned.length === 1 ? aligned[0] : (tf.layers.add({ name: 'skip_sum' }).apply(aligned) as tf.SymbolicTensor);
  const hidden = tf.layers
    .dense({ units: skipChannels, activation: 'relu', name: 'head_hidden' })
    .apply(tf.layers.reLU({ name: 'skip_relu' }).apply(skipSum));
  const logits = tf.layers.dense({ units: WAVENET_CLASSES, name: 'logits' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'wavenet' });
}

/**
 * |∂ logits[output] / ∂ input| summed over the 256 logits, for one random input of `length` samples: which inputs
 * the output `output` depends on. Non-zero exactly on inputs output..output + R − 1 (the receptive field, ending at
 * the present), zero elsewhere, in particular for every later ("future") input.
 */
export function inputSensitivity(model: tf.LayersModel, length: number, output: number, seed = 1): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomUniform([1, length, 1], -1, 1, 'float32', tfSeed(seed));
    const gradient = tf.grad((input: tf.Tensor) => {
      const logits = model.apply(input) as tf.Tensor3D;
      const outputs = logits.shape[1];
      if (!(output >= 0 && output < outputs))
        throw new RangeError(`output must be in 0..${outputs - 1}, got ${output}.`);
      // A random mix of the logits, so that no cancellation can hide a dependence.
      const mix = tf.randomNormal([WAVENET_CLASSES], 0, 1, 'float32', tfSeed(seed + 1));
      return logits.slice([0, output, 0], [1, 1, WAVENET_CLASSES]).reshape([WAVENET_CLASSES]).mul(mix).sum();
    })(x);
    return gradient.abs().dataSync() as Float32Array;
  });
}
