// Looking at a rebuilt listing: its layer-by-layer shapes, and the error it raises when its fault is reached.
import * as tf from '@tensorflow/tfjs';
import { TableRow } from '../plots';

/** Which of a listing's two forms to build: the architecture exactly as the article wrote it, or with its fault fixed. */
export type Version = 'asWritten' | 'corrected';

/** A shape without its batch axis, as the articles' tables write it: [null, 7, 7, 128] → "7×7×128". */
export function formatShape(shape: tf.Shape | tf.Shape[]): string {
  if (Array.isArray(shape[0])) return (shape as tf.Shape[]).map(formatShape).join(' and ');
  return (shape as tf.Shape).slice(1).join('×');
}

/** One row per layer (input layers left out): the layer's type, its output shape and its parameter count. */
export function layerTable(model: tf.LayersModel): TableRow[] {
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => ({
      layer: layer.getClassName(),
      output: formatShape(layer.outputShape),
      params: layer.countParams(),
    }));
}

/** The model's output shape(s) without the batch axis, e.g. "28×28×1". */
export function outputShapeOf(model: tf.LayersModel): string {
  return model.outputs.map((output) => formatShape(output.shape)).join(' and ');
}

/**
 * The output shape, without the batch axis, of the model's layer of class `className`: the first by default, the
 * `occurrence`-th counting from 0, or from the end when negative (−1: the last). Dense → [1024], Conv2D → [14, 14, 1].
 */
export function layerShape(model: tf.LayersModel, className: string, occurrence = 0): number[] {
  const layers = model.layers.filter((layer) => layer.getClassName() === className);
  const layer = layers.at(occurrence);
  if (!layer)
    throw new Error(`the model has ${layers.length} ${className} layer(s), so none at position ${occurrence}`);
  return (layer.outputShape as number[]).slice(1);
}

/**
 * Runs code that is meant to fail and returns the error's message, so a notebook can print it. Code that runs without
 * an error is itself a finding the reader must see, so that throws instead.
 */
export async function faultOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected this code to fail, but it ran without an error');
}
