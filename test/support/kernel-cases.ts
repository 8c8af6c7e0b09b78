// The shapes on which genlab's wasm and native kernels are compared with the cpu backend, and the comparison itself.
import * as tf from '@tensorflow/tfjs';

export type Pad = 'same' | 'valid';
export interface ConvCase {
  stride: number | [number, number];
  pad: Pad;
  kernel: number | [number, number];
  batch: number;
  inChannels: number;
  outChannels: number;
  height: number;
  width: number;
}

// Every stride × padding × kernel size, with batch sizes, channel counts (1 to 256) and image sizes (odd and even,
// square and not) rotated through them, plus the models' own layers.
const channelPairs = [
  [1, 8],
  [16, 1],
  [32, 64],
  [128, 32],
  [3, 5],
  [64, 128],
  [256, 16],
];
const sizes = [
  [8, 8],
  [9, 11],
  [14, 14],
  [7, 5],
];
export const convCases: ConvCase[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as Pad[]) {
    for (const kernel of [3, 4, 5]) {
      const n = convCases.length;
      const [inChannels, outChannels] = channelPairs[n % channelPairs.length];
      const batch = inChannels * outChannels > 1024 ? 1 : [1, 64][n % 2];
      const [height, width] = sizes[n % sizes.length];
      convCases.push({ stride, pad, kernel, batch, inChannels, outChannels, height, width });
    }
  }
}
const square = (c: Omit<ConvCase, 'height' | 'width'> & { size: number }): ConvCase => ({
  ...c,
  height: c.size,
  width: c.size,
});
// The models' layers, on a small batch: the cpu backend's filter gradient takes minutes at batch 64.
convCases.push(square({ stride: 2, pad: 'same', kernel: 5, batch: 2, inChannels: 64, outChannels: 128, size: 14 })); // DCGAN D
convCases.push(square({ stride: 1, pad: 'same', kernel: 5, batch: 2, inChannels: 256, outChannels: 128, size: 7 })); // DCGAN G
convCases.push(square({ stride: 2, pad: 'same', kernel: 4, batch: 4, inChannels: 32, outChannels: 64, size: 14 })); // VAE decoder
convCases.push(square({ stride: 1, pad: 'same', kernel: 3, batch: 4, inChannels: 32, outChannels: 1, size: 28 })); // VAE logits
convCases.push(square({ stride: 2, pad: 'same', kernel: 5, batch: 4, inChannels: 1, outChannels: 64, size: 28 })); // DCGAN D input, G output
// One channel in or out with stride 2 and 'valid' padding, which the grid above only meets with 'same'.
convCases.push(square({ stride: 2, pad: 'valid', kernel: 5, batch: 3, inChannels: 16, outChannels: 1, size: 11 }));
convCases.push(square({ stride: 2, pad: 'valid', kernel: 3, batch: 3, inChannels: 1, outChannels: 8, size: 9 }));
// Kernel 5, stride 2, 'same' with padTop 2 (the models have padTop 1), so the residue classes swap sizes.
convCases.push(square({ stride: 2, pad: 'same', kernel: 5, batch: 2, inChannels: 8, outChannels: 16, size: 9 }));
// Stride 3: with kernel 2 some residue classes meet no tap at all.
convCases.push(square({ stride: 3, pad: 'same', kernel: 2, batch: 2, inChannels: 4, outChannels: 6, size: 8 }));
convCases.push(square({ stride: 3, pad: 'valid', kernel: 5, batch: 2, inChannels: 6, outChannels: 4, size: 11 }));
// Different strides and kernel sizes along the two axes.
convCases.push({
  stride: [1, 2],
  pad: 'same',
  kernel: [3, 5],
  batch: 2,
  inChannels: 5,
  outChannels: 7,
  height: 9,
  width: 12,
});
convCases.push({
  stride: [2, 1],
  pad: 'valid',
  kernel: [4, 2],
  batch: 3,
  inChannels: 8,
  outChannels: 3,
  height: 10,
  width: 7,
});
// One input channel (the native input gradient's own path) with unequal strides and kernel sizes.
convCases.push({
  stride: [2, 1],
  pad: 'same',
  kernel: [5, 3],
  batch: 3,
  inChannels: 1,
  outChannels: 4,
  height: 9,
  width: 12,
});
// 'same' padding of 2 rows above but none on the left (one column on the right): top and left differ.
convCases.push({
  stride: 1,
  pad: 'same',
  kernel: [5, 2],
  batch: 2,
  inChannels: 3,
  outChannels: 4,
  height: 6,
  width: 7,
});

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

export function describeCase(c: ConvCase): string {
  return (
    `stride ${pair(c.stride).join('×')}, ${c.pad}, kernel ${pair(c.kernel).join('×')}, batch ${c.batch}, ` +
    `channels ${c.inChannels}→${c.outChannels}, ${c.height}×${c.width}`
  );
}

/** The shapes of x, the filter and dy of a case, and the attributes its kernels share. */
export function caseShapes(c: ConvCase) {
  const [strideHeight, strideWidth] = pair(c.stride);
  const [kernelHeight, kernelWidth] = pair(c.kernel);
  const out = (size: number, kernel: number, stride: number) =>
    c.pad === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride);
  return {
    xShape: [c.batch, c.height, c.width, c.inChannels],
    filterShape: [kernelHeight, kernelWidth, c.inChannels, c.outChannels],
    dyShape: [
      c.batch,
      out(c.height, kernelHeight, strideHeight),
      out(c.width, kernelWidth, strideWidth),
      c.outChannels,
    ],
    attrs: { strides: [strideHeight, strideWidth], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined },
  };
}

export function random(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array);
}

/** Each input's values and shape, and its dtype when not float32 (a condition's 'bool'). */
export type KernelInputs = Record<
  string,
  [Float32Array, number[]] | [Float32Array | Uint8Array, number[], tf.DataType]
>;

/** Runs one kernel on a backend from plain arrays and returns its output values. */
export async function runOn(backend: string, kernel: string, inputs: KernelInputs, attrs: object) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors: tf.NamedTensorMap = {};
    for (const [name, [values, shape, dtype]] of Object.entries(inputs))
      tensors[name] = tf.tensor(values, shape, dtype);
    const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

/** Max-norm relative error: max |a − b| / max |b|. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
