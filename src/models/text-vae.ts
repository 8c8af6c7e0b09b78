// A VAE for sentences (Bowman et al. 2016, "Generating sentences from a continuous space",
// https://arxiv.org/abs/1511.06349): an LSTM reads the sentence into the posterior q(z|x) = N(μ, diag σ²); an LSTM
// language model, started from z and reading z again beside every word (so z reaches each step directly, not only
// through a state the decoder can overwrite), writes it back word by word. Article 001-ext's listing L6 sketches this
// with one LSTM on the latent vector and an MSE loss; here it is done with both halves, the ELBO, and word ids.
import * as tf from '@tensorflow/tfjs';
import { OneHotEmbedding } from './embedding';

export interface TextVaeConfig {
  vocabularySize: number;
  /** Tokens per sentence row: words plus the end-of-sentence token, padded. */
  length: number;
  embeddingDim: number;
  hiddenDim: number; // LSTM units, encoder and decoder
  latentDim: number;
}

export interface TextVae {
  config: TextVaeConfig;
  /** Word ids [B, T], padding first (so the LSTM's last state follows the last word) → [μ, log σ²], each [B, Z]. */
  encoder: tf.LayersModel;
  /** [decoder inputs [B, T] (BOS, then the words shifted by one), z [B, Z]] → next-word logits [B, T, V]. */
  decoder: tf.LayersModel;
}

/** Builds the text VAE; wrap in withSeed to fix its initial weights. */
export function buildTextVae(config: TextVaeConfig): TextVae {
  const { vocabularySize, length, embeddingDim, hiddenDim, latentDim } = config;
  const embed = (name: string) => new OneHotEmbedding({ vocabularySize, outputDim: embeddingDim, name });

  const sentence = tf.input({ shape: [length], name: 'sentence' });
  const read = tf.layers
    .lstm({ units: hiddenDim, name: 'encoder_lstm' })
    .apply(embed('encoder_embedding').apply(sentence)) as tf.SymbolicTensor;
  const mu = tf.layers.dense({ units: latentDim, name: 'mu' }).apply(read) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: latentDim, name: 'log_var' }).apply(read) as tf.SymbolicTensor;
  const encoder = tf.model({ inputs: sentence, outputs: [mu, logVar], name: 'text_encoder' });

  const previous = tf.input({ shape: [length], name: 'previous_words' });
  const z = tf.input({ shape: [latentDim], name: 'z' });
  const h0 = tf.layers.dense({ units: hiddenDim, activation: 'tanh', name: 'z_to_h' }).apply(z) as tf.SymbolicTensor;
  const c0 = tf.layers.dense({ units: hiddenDim, name: 'z_to_c' }).apply(z) as tf.SymbolicTensor;
  const zAtEveryStep = tf.layers.repeatVector({ n: length, name: 'z_at_every_step' }).apply(z); // [B, T, Z]
  const stepInputs = tf.layers
    .concatenate({ name: 'word_and_z' })
    .apply([embed('decoder_embedding').apply(previous) as tf.SymbolicTensor, zAtEveryStep as tf.SymbolicTensor]);
  const written = tf.layers
    .lstm({ units: hiddenDim, returnSequences: true, name: 'decoder_lstm' })
    .apply(stepInputs as tf.SymbolicTensor, { initialState: [h0, c0] }) as tf.SymbolicTensor; // [B, T, H]
  const logits = tf.layers.dense({ units: vocabularySize, name: 'word_logits' }).apply(written) as tf.SymbolicTensor;
  const decoder = tf.model({ inputs: [previous, z], outputs: logits, name: 'text_decoder' });
  return { config, encoder, decoder };
}
