import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  faultOf,
  formatShape,
  layerShape,
  layerTable,
  listing10Discriminator,
  listing10Generator,
  listing11Discriminator,
  listing11Generator,
  listing13Discriminator,
  listing13Generator,
  listing2Discriminator,
  listing2Generator,
  listing3Decoder,
  listing3Encoder,
  listing3LossAsWritten,
  listing5Discriminator,
  listing5Generator,
  listing6AsWritten,
  listing6Decoder,
  listing6Encoder,
  listing7Discriminator,
  listing7Generator,
  listing8Discriminator,
  listing8Generator,
  listing9EncodeAsWritten,
  outputShapeOf,
} from '../src/articles';
import { activateWasm } from '../src/backend/wasm';

// The conv listings' forward passes take seconds on the cpu backend and a fraction of that on wasm.
before(async () => {
  await activateWasm();
});

/** Output shape of a real forward pass on a batch of 2, as the guide writes it ("28×28×1"). */
function predictedShape(model: tf.LayersModel, input: tf.Tensor): string {
  return tf.tidy(() => formatShape((model.predict(input) as tf.Tensor).shape));
}
const noise = () => tf.randomNormal([2, 100]);
const images = (channels = 1) => tf.zeros([2, 28, 28, channels]);

test('formatShape drops the batch axis and joins several outputs', () => {
  assert.equal(formatShape([null, 7, 7, 128]), '7×7×128');
  assert.equal(
    formatShape([
      [null, 20],
      [null, 20],
    ]),
    '20 and 20',
  );
});

test('layerTable lists each layer with its output and parameters, and the parameters add up', () => {
  const model = listing8Discriminator();
  assert.deepEqual(layerTable(model), [
    { layer: 'Flatten', output: '784', params: 0 },
    { layer: 'Dense', output: '1', params: 785 },
  ]);
});

test('layerShape finds a layer by class, counting from the start or from the end', () => {
  const generator = listing2Generator('asWritten');
  assert.deepEqual(layerShape(generator, 'Dense'), [6272]);
  assert.deepEqual(layerShape(generator, 'Conv2DTranspose', 1), [14, 14, 128]);
  assert.deepEqual(layerShape(generator, 'LeakyReLU', -1), [28, 28, 128]);
  assert.deepEqual(layerShape(generator, 'Conv2D'), [14, 14, 1]);
  assert.throws(() => layerShape(generator, 'LSTM'), /the model has 0 LSTM layer\(s\), so none at position 0/);
});

test('faultOf returns the message of code that fails and refuses code that runs', async () => {
  assert.equal(
    await faultOf(() => {
      throw new Error('boom');
    }),
    'boom',
  );
  assert.equal(
    await faultOf(async () => {
      throw new Error('later');
    }),
    'later',
  );
  await assert.rejects(
    faultOf(() => 1),
    /expected this code to fail/,
  );
});

test('L2 (000 DCGAN): as written the generator draws 14×14×1, which the discriminator rejects; corrected 28×28×1', () => {
  const asWritten = listing2Generator('asWritten');
  assert.equal(asWritten.countParams(), 1_885_824);
  assert.equal(outputShapeOf(asWritten), '14×14×1');
  const discriminator = listing2Discriminator();
  assert.equal(discriminator.countParams(), 419_329);
  const fake = tf.tidy(() => asWritten.predict(noise()) as tf.Tensor);
  assert.throws(() => discriminator.predict(fake), /\[null,28,28,1\].*\[2,14,14,1\]/);
  const corrected = listing2Generator('corrected');
  assert.equal(predictedShape(corrected, noise()), '28×28×1');
  assert.equal(
    tf.tidy(() => formatShape((discriminator.predict(corrected.predict(noise()) as tf.Tensor) as tf.Tensor).shape)),
    '1',
  );
});

test('L3 (000 VAE): the encoder stacks its heads into one output and the decoder draws 56×56; corrected 2 heads, 28×28×1', async () => {
  const encoder = listing3Encoder('asWritten');
  assert.equal(encoder.countParams(), 76_664);
  assert.equal(encoder.outputs.length, 1);
  const corrected = listing3Encoder('corrected');
  assert.equal(outputShapeOf(corrected), '20 and 20');
  assert.equal((corrected.predict(images()) as tf.Tensor[]).length, 2);

  const decoder = listing3Decoder('asWritten');
  assert.equal(decoder.countParams(), 230_145);
  assert.equal(outputShapeOf(decoder), '56×56×1');
  assert.match(
    await faultOf(() => tf.metrics.binaryCrossentropy(images(), decoder.predict(tf.zeros([2, 20])) as tf.Tensor)),
    /same shape/,
  );
  assert.equal(predictedShape(listing3Decoder('corrected'), tf.zeros([2, 20])), '28×28×1');
});

test("L3's loss as written broadcasts a [b, 28, 28] reconstruction against a [b] KL and fails for a batch of 4", async () => {
  const x = tf.fill([4, 28, 28, 1], 0.5) as tf.Tensor4D;
  const code = tf.zeros([4, 20]) as tf.Tensor2D;
  assert.match(await faultOf(() => listing3LossAsWritten(x, x, code, code)), /broadcast/);
});

test('L5 (001 GAN) and L7 (001-ext) generators already give 28×28×1; their faults lie elsewhere', () => {
  const l5 = listing5Generator();
  assert.equal(l5.countParams(), 2_292_737);
  assert.equal(predictedShape(l5, noise()), '28×28×1');
  assert.equal(listing5Discriminator().countParams(), 55_233);
  const l7 = listing7Generator();
  assert.equal(l7.countParams(), 1_456_129);
  assert.equal(predictedShape(l7, noise()), '28×28×1');
});

test('L7: an unapplied LeakyReLU breaks the discriminator build; applied, it is the 419,329-parameter D', () => {
  assert.throws(() => listing7Discriminator('asWritten'));
  const corrected = listing7Discriminator('corrected');
  assert.equal(corrected.countParams(), 419_329);
  assert.equal(predictedShape(corrected, images()), '1');
});

test('L6 (001-ext LSTM "VAE"): a rank-2 input cannot feed an LSTM; corrected, tokens map to μ, log σ² and back', () => {
  assert.throws(() => listing6AsWritten(), /expected ndim=3, found ndim=2/);
  const tokens = tf.tensor2d([
    Array.from({ length: 100 }, (_, i) => i),
    Array.from({ length: 100 }, (_, i) => 999 - i),
  ]);
  const [mu, logVar] = listing6Encoder().predict(tokens) as tf.Tensor[];
  assert.deepEqual([formatShape(mu.shape), formatShape(logVar.shape)], ['32', '32']);
  assert.equal(predictedShape(listing6Decoder(), mu), '100×1000');
});

test('L8 and L10 (002): flat 784-pixel fakes do not fit a 28×28×1 discriminator; with a Reshape they do', () => {
  for (const [generator, discriminator, gParams, dParams] of [
    [listing8Generator, listing8Discriminator(), 114_576, 785],
    [listing10Generator, listing10Discriminator('asWritten'), 130_576, 100_609],
  ] as const) {
    const asWritten = generator('asWritten');
    assert.equal(asWritten.countParams(), gParams);
    assert.equal(discriminator.countParams(), dParams);
    assert.equal(outputShapeOf(asWritten), '784');
    const fake = tf.tidy(() => asWritten.predict(noise()) as tf.Tensor);
    assert.throws(() => discriminator.predict(fake), /4 dimension\(s\)/);
    assert.equal(predictedShape(generator('corrected'), noise()), '28×28×1');
  }
  assert.equal(predictedShape(listing10Discriminator('corrected'), images()), '1');
});

test('L11 (003): 1024 units cannot fill a 28×28×1 image and the valid conv gives 24×24; corrected 28×28×1', () => {
  const asWritten = listing11Generator('asWritten');
  assert.equal(outputShapeOf(asWritten), '24×24×1');
  assert.throws(() => asWritten.predict(noise()), /size of new array must be unchanged/);
  assert.equal(predictedShape(listing11Generator('corrected'), noise()), '28×28×1');
  assert.equal(listing11Discriminator().countParams(), 3_265_409);
});

test('L13 (004): the generator draws 3 channels for a 1-channel discriminator; corrected 28×28×1', () => {
  const asWritten = listing13Generator('asWritten');
  assert.equal(asWritten.countParams(), 1_377_411);
  assert.equal(outputShapeOf(asWritten), '28×28×3');
  const discriminator = listing13Discriminator();
  assert.equal(discriminator.countParams(), 249_217);
  assert.throws(() => discriminator.predict(images(3)), /\[null,28,28,1\].*\[2,28,28,3\]/);
  assert.equal(predictedShape(listing13Generator('corrected'), noise()), '28×28×1');
});

test('L9 (002 toy VAE): building layers inside the encoder gives a new μ for the same point on every call', () => {
  const x = tf.tensor2d([[0.3, -1.2]]);
  const [first] = listing9EncodeAsWritten(x);
  const [second] = listing9EncodeAsWritten(x);
  assert.notDeepEqual(Array.from(first.dataSync()), Array.from(second.dataSync()));
});
