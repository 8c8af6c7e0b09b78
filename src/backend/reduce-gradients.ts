// Sum's and Mean's gradients without a tensor of ones. tfjs's multiply dy, reshaped to keep the reduced axes, by
// ones(x.shape), which it fills in JavaScript and uploads (Mean then divides the product by the number of values
// summed): for the DCGAN's batch statistics and bias gradients, [64, 14, 14, 64] arrays of ones several times a step,
// 7–10 ms of JavaScript a step (a V8 profile: makeOnesTypedArray and the upload). Here dy is broadcast to x's shape
// instead (Mean's divided first, on the small tensor): the same values, since dy·1 is dy and each value of the mean's
// gradient is dy / n either way, so seeded runs are unchanged.
import * as tf from '@tensorflow/tfjs';

/** dy with the reduced axes put back as ones, float32 as tfjs's product with ones makes it. */
function expandedDy(dy: tf.Tensor, x: tf.Tensor, axis: number | number[]): tf.Tensor {
  const shape = x.shape.slice();
  for (const reduced of tf.util.parseAxisParam(axis, x.shape)) shape[reduced] = 1;
  return tf.reshape(dy.dtype === 'float32' ? dy : tf.cast(dy, 'float32'), shape);
}

const sumGradient: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => ({
    x: () => tf.broadcastTo(expandedDy(dy as tf.Tensor, x, attrs.axis as number | number[]), x.shape),
  }),
};

const meanGradient: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const axis = attrs.axis as number | number[];
    const count = tf.util.sizeFromShape(tf.util.parseAxisParam(axis, x.shape).map((reduced) => x.shape[reduced]));
    return { x: () => tf.broadcastTo(tf.div(expandedDy(dy as tf.Tensor, x, axis), count), x.shape) };
  },
};

let installed = false;

/** Registers both gradients in place of tfjs's (idempotent). */
export function useReduceGradientsWithoutOnes(): void {
  if (installed) return;
  tf.registerGradient(sumGradient);
  tf.registerGradient(meanGradient);
  installed = true;
}
