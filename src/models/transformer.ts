// A small decoder-only Transformer language model (the GPT layout: Radford et al. 2018/2019; pre-norm blocks as in
// GPT-2): token and position embeddings, then blocks of causal multi-head self-attention and an MLP, each inside a
// residual connection after a layer norm, then a last layer norm and a projection to one logit per vocabulary entry.
import * as tf from '@tensorflow/tfjs';
import { multiHeadSelfAttention } from '../text';
import { OneHotEmbedding } from './embedding';
import { LayerNorm } from './layer-norm';

export interface TransformerConfig {
  vocabularySize: number;
  /** The longest context the model reads (its position embeddings); longer inputs are an error. */
  contextLength: number;
  modelDim: number; // d_model, the width of every position's vector
  numLayers: number;
  numHeads: number; // modelDim / numHeads features per head
  /** Dropout rate on each block's two branches before they join the residual stream, in training only (GPT-2's
   *  residual dropout); absent or 0: none. */
  dropout?: number;
}

/** Causal multi-head self-attention as a layer: four d×d projections, no biases. */
export class CausalSelfAttention extends tf.layers.Layer {
  static readonly className = 'CausalSelfAttention';
  private projections: tf.LayerVariable[] = [];

  constructor(
    readonly numHeads: number,
    args: { name?: string } = {},
  ) {
    super(args);
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = (inputShape as tf.Shape)[2] as number;
    if (width % this.numHeads !== 0)
      throw new RangeError(`modelDim ${width} must be a multiple of numHeads ${this.numHeads}`);
    this.projections = ['query', 'key', 'value', 'output'].map((name) =>
      this.addWeight(name, [width, width], 'float32', tf.initializers.glorotUniform({})),
    );
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** The output [B, T, d] and the attention weights [B, heads, T, T] for input x [B, T, d]. */
  attend(x: tf.Tensor3D): { output: tf.Tensor3D; weights: tf.Tensor4D } {
    const [query, key, value, output] = this.projections.map((w) => w.read() as tf.Tensor2D);
    return multiHeadSelfAttention(x, { query, key, value, output }, this.numHeads, { causal: true });
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { output, weights } = this.attend((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D);
      weights.dispose();
      return output;
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads };
  }
}

export interface TransformerLM {
  config: TransformerConfig;
  /** Token ids [B, T] (T ≤ contextLength, float32 holding whole numbers) → next-token logits [B, T, vocabularySize]. */
  model: tf.LayersModel;
  /** Each block's attention layer, and a model giving the input of each (after its layer norm), for attention maps. */
  attentionLayers: CausalSelfAttention[];
  attentionInputs: tf.LayersModel;
}

/** Builds the model; wrap in withSeed to fix its initial weights. */
export function buildTransformer(config: TransformerConfig): TransformerLM {
  const { vocabularySize, contextLength, modelDim, numLayers, numHeads, dropout = 0 } = config;
  /** A branch's output as the residual stream receives it: through dropout when the model has any. */
  const residual = (branch: tf.SymbolicTensor, name: string) =>
    dropout > 0 ? (tf.layers.dropout({ rate: dropout, name }).apply(branch) as tf.SymbolicTensor) : branch;
  const tokens = tf.input({ shape: [null] });
  const embedding = new OneHotEmbedding({
    vocabularySize,
    outputDim: modelDim,
    maxPositions: contextLength,
    name: 'embedding',
  });
  let x = embedding.apply(tokens) as tf.SymbolicTensor; // [B, T, d]
  const attentionLayers: CausalSelfAttention[] = [];
  const attentionInputs: tf.SymbolicTensor[] = [];
  for (let i = 1; i <= numLayers; i++) {
    const normed = new LayerNorm({ name: `block${i}_norm1` }).apply(x) as tf.SymbolicTensor;
    const attend = new CausalSelfAttention(numHeads, { name: `block${i}_attention` });
    attentionLayers.push(attend);
    attentionInputs.push(normed);
    const attended = residual(attend.apply(normed) as tf.SymbolicTensor, `block${i}_attention_dropout`);
    x = tf.layers.add().apply([x, attended]) as tf.SymbolicTensor;
    const normed2 = new LayerNorm({ name: `block${i}_norm2` }).apply(x) as tf.SymbolicTensor;
    const hidden = tf.layers
      .dense({ units: 4 * modelDim, activation: 'gelu', name: `block${i}_mlp_in` })
      .apply(normed2);
    const mlp = tf.layers.dense({ units: modelDim, name: `block${i}_mlp_out` }).apply(hidden) as tf.SymbolicTensor;
    x = tf.layers.add().apply([x, residual(mlp, `block${i}_mlp_dropout`)]) as tf.SymbolicTensor;
  }
  const normed = new LayerNorm({ name: 'final_norm' }).apply(x);
  const logits = tf.layers.dense({ units: vocabularySize, name: 'logits' }).apply(normed) as tf.SymbolicTensor;
  const model = tf.model({ inputs: tokens, outputs: logits, name: 'transformer' });
  return { config, model, attentionLayers, attentionInputs: tf.model({ inputs: tokens, outputs: attentionInputs }) };
}

function checkContext(lm: TransformerLM, length: number): void {
  if (length > lm.config.contextLength) {
    throw new RangeError(
      `A context of ${length} tokens is longer than the model's ${lm.config.contextLength}: give at ` +
        `most ${lm.config.contextLength} (generation keeps only the last ${lm.config.contextLength}).`,
    );
  }
  if (length < 1) throw new RangeError('The context is empty: give at least one token.');
}

/** Next-token logits [B, T, V] for token ids [B, T]. */
export function transformerLogits(lm: TransformerLM, ids: tf.Tensor2D, training = false): tf.Tensor3D {
  checkContext(lm, ids.shape[1]);
  return lm.model.apply(tf.cast(ids, 'float32'), { training }) as tf.Tensor3D;
}

/** Cross-entropy [B, T], in nats, of predicting each ids[:, t+1] from ids[:, ≤t]; ids [B, T + 1]. */
export function tokenLosses(lm: TransformerLM, ids: tf.Tensor2D, training = false): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, width] = ids.shape;
    const inputs = ids.slice([0, 0], [batch, width - 1]);
    const targets = ids.slice([0, 1], [batch, width - 1]);
    const logits = transformerLogits(lm, inputs, training);
    const logProbabilities = tf.logSoftmax(logits);
    const picked = tf.sum(
      tf.mul(logProbabilities, tf.cast(tf.oneHot(tf.cast(targets, 'int32'), lm.config.vocabularySize), 'float32')),
      -1,
    );
    return tf.neg(picked) as tf.Tensor2D;
  });
}

/** Mean cross-entropy, in nats per token, of predicting ids[:, t+1] from ids[:, ≤t]; ids [B, T + 1]. */
export function languageModelLoss(lm: TransformerLM, ids: tf.Tensor2D, training = false): tf.Scalar {
  return tf.tidy(() => tf.mean(tokenLosses(lm, ids, training)) as tf.Scalar);
}

/** Attention weights [B, heads, T, T] of block `layer` (0-based) for token ids [B, T]. */
export function attentionWeights(lm: TransformerLM, ids: tf.Tensor2D, layer: number): tf.Tensor4D {
  checkContext(lm, ids.shape[1]);
  if (!(layer >= 0 && layer < lm.attentionLayers.length))
    throw new RangeError(`layer must be 0 to ${lm.attentionLayers.length - 1}, got ${layer}`);
  return tf.tidy(() => {
    const inputs = lm.attentionInputs.predict(tf.cast(ids, 'float32')) as tf.Tensor3D | tf.Tensor3D[];
    const input = Array.isArray(inputs) ? inputs[layer] : inputs;
    return lm.attentionLayers[layer].attend(input).weights;
  });
}
