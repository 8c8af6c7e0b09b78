// Token embeddings written as a one-hot matrix product, with optional learned position vectors. tfjs's own
// tf.layers.embedding looks rows up with gather, whose gradient needs the UnsortedSegmentSum kernel that the wasm
// backend lacks; a product with one-hot rows selects the same rows and differentiates as a matMul, which every backend
// has (and for the small vocabularies of these chapters it costs little).
import * as tf from '@tensorflow/tfjs';

export interface EmbeddingArgs {
  vocabularySize: number;
  outputDim: number;
  /** Also add a learned vector per position, for inputs up to this many tokens; 0 for none. */
  maxPositions?: number;
  name?: string;
}

/** Token ids [B, T] (float32 holding whole numbers) → vectors [B, T, outputDim]. */
export class OneHotEmbedding extends tf.layers.Layer {
  static readonly className = 'OneHotEmbedding';
  private tokens?: tf.LayerVariable;
  private positions?: tf.LayerVariable;
  readonly vocabularySize: number;
  readonly outputDim: number;
  readonly maxPositions: number;

  constructor(args: EmbeddingArgs) {
    super({ name: args.name });
    this.vocabularySize = args.vocabularySize;
    this.outputDim = args.outputDim;
    this.maxPositions = args.maxPositions ?? 0;
  }

  build(): void {
    const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02 });
    this.tokens = this.addWeight('tokens', [this.vocabularySize, this.outputDim], 'float32', init());
    if (this.maxPositions > 0)
      this.positions = this.addWeight('positions', [this.maxPositions, this.outputDim], 'float32', init());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [shape[0], shape[1], this.outputDim];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const [batch, length] = ids.shape;
      // tf.oneHot's float32 dtype is ignored by the wasm backend's kernel (it writes int32 bits), hence the cast.
      const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(ids, 'int32'), [-1]), this.vocabularySize), 'float32'); // [B·T, V]
      let vectors = tf.reshape(tf.matMul(oneHot, this.tokens!.read()), [batch, length, this.outputDim]);
      if (this.positions) {
        if (length > this.maxPositions)
          throw new RangeError(`${length} tokens, but the layer has positions for ${this.maxPositions}`);
        vectors = tf.add(vectors, this.positions.read().slice([0, 0], [length, this.outputDim]));
      }
      return vectors;
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      outputDim: this.outputDim,
      maxPositions: this.maxPositions,
    };
  }
}
