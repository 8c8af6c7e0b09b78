// Grids of small grayscale images (samples, reconstructions) as PNG, and saved grids played as an animated PNG.
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import * as UPNG from 'upng-js';
import { showOutput } from './display';

export interface ImageGridOptions {
  /** Images per row; default: enough for a square grid. */
  columns?: number;
  /** Each source pixel becomes a scale×scale block (nearest neighbour), so 28×28 digits are visible; default 3. */
  scale?: number;
  /** The value range mapped to black..white; values outside it are clipped. Default [0, 1]. */
  range?: [number, number];
}

/** A grid as 8-bit gray pixels, row by row. */
interface GrayRaster {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const gapShade = 128; // the grey one-pixel gap that separates tiles (before scaling)

/**
 * Lays out a batch of grayscale images ([n, h, w], [n, h, w, 1], or flat [n, h*w] with square images) in a grid
 * and returns it as PNG bytes.
 */
export function imageGrid(images: tf.Tensor, options: ImageGridOptions = {}): Uint8Array {
  const { width, height, pixels } = gridRaster(images, options);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** Displays an image grid below the cell. */
export function showImageGrid(images: tf.Tensor, options: ImageGridOptions = {}): void {
  const [n] = images.shape;
  showOutput(pngBundle(imageGrid(images, options), `Image grid of ${n} images`), 'showImageGrid');
}

/** Displays PNG bytes (e.g. a grid saved earlier) below the cell; `description` is the text for viewers without images. */
export function showPng(png: Uint8Array, description: string): void {
  showOutput(pngBundle(png, description), 'showPng');
}

/**
 * An animated PNG with one frame per PNG image (e.g. the sample grids saved after each epoch); browsers, Jupyter and
 * GitHub play it as an ordinary PNG. Every frame must have the same size.
 */
export function pngAnimation(pngs: Uint8Array[], frameMs = 500): Uint8Array {
  if (pngs.length === 0) throw new Error('pngAnimation needs at least one frame (the bytes of a PNG image).');
  const frames = pngs.map((png) => PNG.sync.read(Buffer.from(png))); // pngjs decodes any PNG to RGBA
  const { width, height } = frames[0];
  frames.forEach((f, i) => {
    if (f.width !== width || f.height !== height) {
      throw new Error(
        `Frame ${i} is ${f.width}×${f.height} pixels but frame 0 is ${width}×${height}; pass images of one size.`,
      );
    }
  });
  const rgba = frames.map((f) => f.data.buffer.slice(f.data.byteOffset, f.data.byteOffset + f.data.byteLength));
  // 0 colours means lossless (UPNG still picks a compact palette for grey pixels).
  return new Uint8Array(
    UPNG.encode(
      rgba,
      width,
      height,
      0,
      frames.map(() => frameMs),
    ),
  );
}

/** Displays an animated PNG of `pngs` below the cell; see pngAnimation. */
export function showPngAnimation(pngs: Uint8Array[], description: string, frameMs = 500): void {
  showOutput(pngBundle(pngAnimation(pngs, frameMs), description), 'showPngAnimation');
}

function pngBundle(png: Uint8Array, text: string) {
  return { 'text/plain': text, 'image/png': Buffer.from(png).toString('base64') };
}

function gridRaster(images: tf.Tensor, options: ImageGridOptions): GrayRaster {
  const [n, h, w] = imageShape(images);
  const { columns = Math.ceil(Math.sqrt(n)), scale = 3, range = [0, 1] } = options;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`columns must be a positive integer, got ${columns}.`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}.`);
  const [lo, hi] = range;
  if (!(hi > lo)) throw new Error(`range must be [low, high] with high > low, got [${lo}, ${hi}].`);

  const rows = Math.ceil(n / columns);
  const width = (columns * (w + 1) + 1) * scale;
  const height = (rows * (h + 1) + 1) * scale;
  const pixels = new Uint8Array(width * height).fill(gapShade);
  const values = images.dataSync();
  for (let i = 0; i < n; i++) {
    const left = ((i % columns) * (w + 1) + 1) * scale;
    const top = (Math.floor(i / columns) * (h + 1) + 1) * scale;
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const v = values[i * h * w + Math.floor(y / scale) * w + Math.floor(x / scale)];
        pixels[(top + y) * width + left + x] = Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo))));
      }
    }
  }
  return { width, height, pixels };
}

/** [n, h, w] of a batch of grayscale images, or an error that says which shapes are accepted. */
function imageShape(images: tf.Tensor): [number, number, number] {
  const shape = images.shape;
  const accepted = 'pass [n, h, w], [n, h, w, 1] or [n, h*w] with square images';
  if (shape[0] === 0) throw new Error('The image batch is empty; pass at least one image.');
  if (shape.length === 4 && shape[3] === 1) return [shape[0], shape[1], shape[2]];
  if (shape.length === 3) return [shape[0], shape[1], shape[2]];
  if (shape.length === 2) {
    const side = Math.round(Math.sqrt(shape[1]));
    if (side * side === shape[1]) return [shape[0], side, side];
    throw new Error(`Images of ${shape[1]} values are not square; ${accepted}.`);
  }
  throw new Error(`Cannot lay out a tensor of shape [${shape}] as grayscale images; ${accepted}.`);
}
