// Layer normalisation (Ba, Kiros & Hinton 2016, https://arxiv.org/abs/1607.06450) over the last axis, written with
// plain ops. tfjs's tf.layers.layerNormalization computes the same forward pass, but its gradient runs thousands of
// small Slice and Add kernels (2,048 slices for one [16, 64, 64] input, measured): on this backend that made it slower
// than the whole rest of a Transformer block. Here the gradient is a few reductions.
import * as tf from '@tensorflow/tfjs';

export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'LayerNorm';
  private gain?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(
    args: { name?: string; epsilon?: number } = {},
    readonly epsilon = args.epsilon ?? 1e-5,
  ) {
    super({ name: args.name });
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const width = shape[shape.length - 1] as number;
    this.gain = this.addWeight('gain', [width], 'float32', tf.initializers.ones());
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centred), -1, true);
      return tf.add(
        tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon))), this.gain!.read()),
        this.bias!.read(),
      );
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
