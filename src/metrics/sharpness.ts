// Sharpness as gradient energy, the mean squared difference between neighbouring pixels: a finite-difference ‖∇I‖²,
// one of the gradient-based focus measures compared by Pertuz, Puig & Garcia 2013 ("Analysis of focus measure
// operators for shape-from-focus", Pattern Recognition 46(5)). Blurry samples, such as a VAE's decoder means, have
// less of it than real digits; speckled ones have more.
import * as tf from '@tensorflow/tfjs';
import { mean } from '../maths';

/**
 * Per image, the mean of (I[y, x+1] − I[y, x])² over horizontal neighbours plus the mean of (I[y+1, x] − I[y, x])²
 * over vertical ones. Images are [n, height, width] or [n, height, width, 1].
 */
export function gradientEnergy(images: tf.Tensor): Float32Array {
  assertImages(images, 'the images');
  return tf.tidy(() => {
    const [n, height, width] = images.shape;
    const pixels = images.reshape([n, height, width]);
    // slice(begin, size): a begin of 0 starts every axis at 0, a missing size runs to the end.
    const right = pixels.slice([0, 0, 1]);
    const left = pixels.slice(0, [n, height, width - 1]);
    const below = pixels.slice([0, 1, 0]);
    const above = pixels.slice(0, [n, height - 1, width]);
    const horizontal = tf.square(right.sub(left)).mean([1, 2]);
    const vertical = tf.square(below.sub(above)).mean([1, 2]);
    return horizontal.add(vertical).dataSync() as Float32Array; // [n]
  });
}

/**
 * The samples' mean gradient energy over the real images': 1 is as sharp as real digits, below 1 blurrier. Both sets
 * must use one pixel range, since energy scales with its square ([−1, 1] has 4 times the energy of [0, 1]).
 */
export function relativeSharpness(samples: tf.Tensor, real: tf.Tensor): number {
  const [samplesSigned, realSigned] = [samples, real].map((images) => tf.tidy(() => images.min().dataSync()[0] < 0));
  if (samplesSigned !== realSigned) {
    throw new Error(
      `the ${samplesSigned ? 'samples' : 'real images'} have negative pixels but the ` +
        `${samplesSigned ? 'real images' : 'samples'} do not; put both in one range (batches' 'unit' or 'signed').`,
    );
  }
  return mean(Array.from(gradientEnergy(samples))) / mean(Array.from(gradientEnergy(real)));
}

/** Throws unless the images are finite greyscale [n, height, width] or [n, height, width, 1], at least 2 × 2. */
function assertImages(images: tf.Tensor, name: string): void {
  const [n, height, width, channels] = images.shape;
  if (!(images.rank === 3 || (images.rank === 4 && channels === 1)) || n === 0 || height < 2 || width < 2) {
    throw new Error(
      `${name} have shape [${images.shape}]; pass greyscale images as [n, height, width] or ` +
        '[n, height, width, 1], at least one of at least 2 × 2 pixels.',
    );
  }
  if (!tf.tidy(() => tf.all(tf.isFinite(images)).dataSync()[0])) {
    throw new Error(`${name} hold NaN or ±Infinity; check the model that produced them (a diverged run?).`);
  }
}
