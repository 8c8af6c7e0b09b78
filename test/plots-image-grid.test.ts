import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import * as UPNG from 'upng-js';
import { imageGrid, pngAnimation } from '../src/plots';

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** The gray value at (x, y) of a decoded PNG (pngjs always decodes to RGBA). */
function grayAt(png: PNG, x: number, y: number): number {
  return png.data[4 * (y * png.width + x)];
}

describe('imageGrid', () => {
  test('lays images out in columns with a one-pixel gap, scaled up', () => {
    const png = decode(imageGrid(tf.zeros([10, 28, 28, 1]), { columns: 4, scale: 2 }));
    assert.equal(png.width, (4 * 29 + 1) * 2); // 4 columns of 28 pixels, 5 gaps of 1 pixel
    assert.equal(png.height, (3 * 29 + 1) * 2); // 10 images need 3 rows
  });

  test('maps the value range to black..white with nearest-neighbour blocks and clips outside it', () => {
    const images = tf.tensor3d([
      [
        [-1, 1],
        [0.5, 3],
      ],
    ]); // one 2×2 image
    const png = decode(imageGrid(images, { range: [-1, 1], scale: 2 }));
    const firstPixel = 2; // after the scaled gap
    const block = (col: number, row: number) =>
      [0, 1].flatMap((dy) => [0, 1].map((dx) => grayAt(png, firstPixel + 2 * col + dx, firstPixel + 2 * row + dy)));
    assert.deepEqual(block(0, 0), [0, 0, 0, 0]);
    assert.deepEqual(block(1, 0), [255, 255, 255, 255]);
    assert.deepEqual(block(0, 1), [191, 191, 191, 191]);
    assert.deepEqual(block(1, 1), [255, 255, 255, 255], 'values above the range are clipped to white');
    assert.equal(grayAt(png, 0, 0), 128, 'the gap is mid grey');
  });

  test('accepts flat images of a square size and draws them like [n, h, w, 1]', () => {
    const images = tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 7);
    assert.deepEqual(imageGrid(images.reshape([5, 784])), imageGrid(images));
  });

  test('rejects shapes and options it cannot draw, saying what to pass', () => {
    assert.throws(() => imageGrid(tf.zeros([3, 5])), /not square; pass \[n, h, w\]/);
    assert.throws(() => imageGrid(tf.zeros([2, 4, 4, 3])), /Cannot lay out a tensor of shape \[2,4,4,3\]/);
    assert.throws(() => imageGrid(tf.zeros([0, 4, 4])), /empty/);
    assert.throws(() => imageGrid(tf.zeros([2, 4, 4]), { range: [1, 0] }), /high > low/);
    assert.throws(() => imageGrid(tf.zeros([2, 4, 4]), { columns: 0 }), /columns must be a positive integer/);
    assert.throws(() => imageGrid(tf.zeros([2, 4, 4]), { scale: 1.5 }), /scale must be a positive integer/);
  });
});

describe('pngAnimation', () => {
  test('plays PNG images as the frames of one animated PNG, in order', () => {
    const frames = [0, 0.5, 1].map((v) => imageGrid(tf.fill([4, 8, 8], v)));
    const apng = UPNG.decode(pngAnimation(frames, 200).slice().buffer);
    assert.equal(apng.frames.length, 3);
    assert.equal(apng.frames[1].delay, 200);
    const firstImagePixel = (frame: ArrayBuffer) => new Uint8Array(frame)[4 * (3 * apng.width + 3)];
    assert.deepEqual(UPNG.toRGBA8(apng).map(firstImagePixel), [0, 128, 255]);
  });

  test('rejects images of different sizes, and no images', () => {
    assert.throws(
      () => pngAnimation([imageGrid(tf.zeros([4, 8, 8])), imageGrid(tf.zeros([9, 8, 8]))]),
      /Frame 1 is .* but frame 0 is/,
    );
    assert.throws(() => pngAnimation([]), /at least one frame/);
  });
});
