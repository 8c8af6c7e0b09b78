// Spectral normalisation (Miyato et al. 2018, https://arxiv.org/abs/1802.05957): each weight matrix W is divided by
// its largest singular value σ(W), estimated by one step of power iteration per training step from a vector kept
// between steps. Every layer is then 1-Lipschitz, and so is the network when its activations are (LeakyReLU is).
import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { tfSeed } from '../maths';

const normalise = (x: tf.Tensor) => tf.div(x, tf.add(tf.norm(x), 1e-12));

/**
 * σ(W), the largest singular value of `matrix` [m, n], by `iterations` steps of power iteration from a random start:
 * v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖, then σ ≈ uᵀWv.
 */
export function largestSingularValue(matrix: tf.Tensor2D, iterations: number, seed = 1): number {
  return tf.tidy(() => {
    let u = normalise(tf.randomNormal([matrix.shape[0], 1], 0, 1, 'float32', tfSeed(seed)));
    let v = u;
    for (let i = 0; i < iterations; i++) {
      v = normalise(tf.matMul(matrix, u, true, false));
      u = normalise(tf.matMul(matrix, v));
    }
    return tf.matMul(tf.matMul(u, matrix, true, false), v).dataSync()[0];
  });
}

export interface SpectralDenseArgs {
  units: number;
  inputShape?: number[];
}

/**
 * A dense layer whose kernel is used as W/σ̂(W). Its power-iteration vectors are non-trainable weights, so checkpoints
 * keep them and a resumed run continues the same estimate. Only training calls advance the estimate; the gradient sees
 * σ̂ = vᵀWu with u and v held fixed, as in the paper.
 */
export class SpectralDense extends tf.layers.Layer {
  static className = 'SpectralDense';
  private readonly units: number;
  private kernel!: tf.LayerVariable; // [in, units]
  private bias!: tf.LayerVariable; // [units]
  private u!: tf.LayerVariable; // [units, 1]: the left singular vector of the kernel's transpose
  private v!: tf.LayerVariable; // [in, 1]

  constructor(args: SpectralDenseArgs) {
    super(args);
    this.units = args.units;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const inputs = (inputShape as number[])[(inputShape as number[]).length - 1];
    this.kernel = this.addWeight('kernel', [inputs, this.units], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.u = this.addWeight('u', [this.units, 1], 'float32', tf.initializers.randomNormal({}), undefined, false);
    this.v = this.addWeight('v', [inputs, 1], 'float32', tf.initializers.randomNormal({}), undefined, false);
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  /** σ̂: the current estimate of the kernel's largest singular value. */
  sigmaEstimate(): number {
    return tf.tidy(() => this.estimate().dataSync()[0]);
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs.training) this.powerIteration();
      const kernel = tf.div(this.kernel.read(), this.estimate());
      return tf.add(tf.matMul(x, kernel), this.bias.read());
    });
  }

  /** One step of power iteration on the kernel K = Wᵀ [in, units], written into u and v (outside the gradient's path). */
  powerIteration(): void {
    tf.tidy(() => {
      const kernel = this.kernel.read();
      const v = normalise(tf.matMul(kernel, this.u.read()));
      this.v.write(v);
      this.u.write(normalise(tf.matMul(kernel, v, true, false)));
    });
  }

  private estimate(): tf.Scalar {
    return tf.matMul(tf.matMul(this.v.read(), this.kernel.read(), true, false), this.u.read()).reshape([]) as tf.Scalar;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
tf.serialization.registerClass(SpectralDense);

/** The spectrally normalised layers of `model`, in order. */
export function spectralLayers(model: tf.LayersModel): SpectralDense[] {
  return model.layers.filter((layer): layer is SpectralDense => layer instanceof SpectralDense);
}

/** σ(W) from ml-matrix's singular value decomposition in double precision: the reference the estimates are checked on. */
export function exactLargestSingularValue(matrix: tf.Tensor2D): number {
  return new SingularValueDecomposition(new Matrix(matrix.arraySync()), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  }).diagonal[0];
}

export interface LayerSpectralNorm {
  layer: string;
  /** σ of the kernel as stored. */
  stored: number;
  /** σ of the kernel the layer applies: W/σ̂ for a spectrally normalised layer, W for a plain one. */
  applied: number;
}

/**
 * The exact largest singular value of each dense layer's kernel, stored and applied. With 1-Lipschitz activations the
 * product of the applied ones bounds the network's Lipschitz constant: |D(x) − D(y)| ≤ Π σᵢ · ‖x − y‖.
 */
export function layerNorms(model: tf.LayersModel): LayerSpectralNorm[] {
  return model.layers
    .filter((layer) => layer instanceof SpectralDense || layer.getClassName() === 'Dense')
    .map((layer) => {
      const kernel = layer.getWeights()[0] as tf.Tensor2D;
      const stored = exactLargestSingularValue(kernel);
      const applied = layer instanceof SpectralDense ? stored / layer.sigmaEstimate() : stored;
      return { layer: layer.name, stored, applied };
    });
}
