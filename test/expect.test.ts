import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, expectThat, StaleStatementError } from '../src/expect';

test('expect passes when the computed number matches the sentence, and says what to do when it does not', () => {
  expect(419_329, 'the discriminator’s parameter count').toBe(419_329);
  expect(0.993, 'the test accuracy').toBeCloseTo(0.99, 0.005);
  expect(0.993, 'the test accuracy').toBeAbove(0.99);
  expect(0.2, 'the loss').toBeBelow(0.25);
  expect(5, 'the epochs').toBeBetween(5, 6);
  expect(6, 'the epochs').toBeBetween(5, 6);
  assert.throws(
    () => expect(419_330, 'the discriminator’s parameter count').toBe(419_329),
    (error: Error) =>
      error instanceof StaleStatementError &&
      error.name === 'StaleStatementError' &&
      /The text says that the discriminator’s parameter count is 419329, but this run computed 419330\. .*update the sentence/.test(
        error.message,
      ),
  );
  assert.throws(
    () => expect(0.984, 'the test accuracy').toBeCloseTo(0.99, 0.005),
    /accuracy is 0\.99 ± 0\.005, but this run computed 0\.984\./,
  );
  assert.throws(() => expect(0.99, 'the test accuracy').toBeAbove(0.99), /is above 0\.99/);
  assert.throws(() => expect(0.25, 'the loss').toBeBelow(0.25), /is below 0\.25/);
  assert.throws(() => expect(4.9, 'the epochs').toBeBetween(5, 6), /between 5 and 6, but this run computed 4\.9/);
  assert.throws(() => expect(6.1, 'the epochs').toBeBetween(5, 6), /computed 6\.1/);
  assert.throws(() => expect(NaN, 'the loss').toBeBelow(1), /computed NaN/);
  assert.throws(() => expect(1, 'the loss').toBeCloseTo(1, -1), /tolerance for the loss must be a number ≥ 0/);
});

test('expectThat checks a yes-or-no statement', () => {
  expectThat(true, 'the markers sit on the JSD curve');
  assert.throws(
    () => expectThat(false, 'the markers sit on the JSD curve'),
    /The text says that the markers sit on the JSD curve, but this run computed otherwise\./,
  );
});

test('expectAtFullSettings checks at full settings and skips in fast mode, where the full-run result cannot appear', () => {
  const script =
    "const { expectAtFullSettings } = require('./src/expect'); " +
    "try { expectAtFullSettings(0.5, 'the accuracy').toBeAbove(0.99); console.log('skipped'); } catch (e) { console.log(e.name); }";
  const run = (fast: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, GENLAB_FAST: fast },
      encoding: 'utf8',
    }).trim();
  assert.equal(run('1'), 'skipped');
  assert.equal(run('0'), 'StaleStatementError');
});
