import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainArgs } from '../src/cli/args';

test('genlab train knows chapter 08’s variants, with their defaults', () => {
  for (const model of ['wgan-clip', 'wgan-gp', 'sngan', 'acgan']) {
    const args = parseTrainArgs(['train', model]);
    assert.equal(args.model, model);
    assert.equal(args.latentDim, 100);
    assert.equal(args.penaltyWeight, undefined);
  }
  assert.equal(parseTrainArgs(['train', 'acgan']).numEpochs, 30);
});

test('--penalty and --clip take decimals above 0, each for its own model only', () => {
  assert.equal(parseTrainArgs(['train', 'wgan-gp', '--penalty=2.5']).penaltyWeight, 2.5);
  assert.equal(parseTrainArgs(['train', 'wgan-clip', '--clip', '0.05']).clipValue, 0.05);
  assert.throws(
    () => parseTrainArgs(['train', 'wgan-gp', '--penalty=0']),
    /--penalty must be a number above 0, got "0"; e\.g\. --penalty=10/,
  );
  assert.throws(
    () => parseTrainArgs(['train', 'wgan-gp', '--penalty=-3']),
    /--penalty must be a number above 0, got "-3"/,
  );
  assert.throws(
    () => parseTrainArgs(['train', 'wgan-clip', '--clip=0']),
    /--clip must be a number above 0, got "0"; e\.g\. --clip=0\.01/,
  );
  assert.throws(
    () => parseTrainArgs(['train', 'wgan-clip', '--clip=abc']),
    /--clip must be a number above 0, got "abc"/,
  );
  assert.throws(
    () => parseTrainArgs(['train', 'sngan', '--clip=0.1']),
    /--clip applies to wgan-clip only, not to the sngan/,
  );
  assert.throws(
    () => parseTrainArgs(['train', 'gan', '--penalty=10']),
    /--penalty applies to wgan-gp only, not to the gan/,
  );
});

test('an unknown variant is refused with the list of models', () => {
  assert.throws(
    () => parseTrainArgs(['train', 'infogan']),
    /unknown model "infogan"; choose one of classifier, gan, vae, wgan-clip, wgan-gp, sngan, acgan/,
  );
});
