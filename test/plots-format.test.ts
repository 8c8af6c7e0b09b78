// formatNumber, the one way numbers are written in tables, chart summaries, progress lines and verdicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber } from '../src/plots/format';

test('formatNumber keeps `digits` significant digits and no exponent', () => {
  assert.equal(formatNumber(0.612345), '0.612');
  assert.equal(formatNumber(0.612345, 4), '0.6123');
  assert.equal(formatNumber(1234.56, 3), '1230');
  assert.equal(formatNumber(-0.000123456), '-0.000123');
});

test('formatNumber writes whole numbers below a million in full, and larger ones rounded', () => {
  assert.equal(formatNumber(12345, 3), '12345');
  assert.equal(formatNumber(-7), '-7');
  assert.equal(formatNumber(1234567, 3), '1230000');
});

test('formatNumber writes a missing value as a dash and infinities as ∞', () => {
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatNumber(-Infinity), '−∞');
});
