// The one numeric comparison of the tests: |actual − expected| < tolerance, with all three in the message.
import assert from 'node:assert/strict';

export function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) < tolerance,
    `${what ? `${what}: ` : ''}${actual} is not within ${tolerance} of ${expected}`,
  );
}

/** assertClose with a default tolerance, for a file whose checks share one: `const close = closeWithin(1e-9)`. */
export const closeWithin =
  (defaultTolerance: number) =>
  (actual: number, expected: number, tolerance = defaultTolerance, what = '') =>
    assertClose(actual, expected, tolerance, what);
