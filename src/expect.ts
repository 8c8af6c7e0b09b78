// Checks that keep a notebook's prose true: a sentence that states a result is followed by a cell that computes the
// number and asserts it here, so the notebook fails (in CI too) the day the result and the sentence part ways.
import { fastMode } from './config';

/** A sentence of a notebook no longer matches what its cells compute. */
export class StaleStatementError extends Error {
  constructor(statement: string, computed: string) {
    super(
      `The text says that ${statement}, but this run computed ${computed}. If the code or the settings changed on ` +
        'purpose, update the sentence and this check together; otherwise the change broke something.',
    );
    this.name = 'StaleStatementError';
  }
}

export interface Expectation {
  /** Exactly `expected` (counts, sizes, shapes given as numbers). */
  toBe(expected: number): void;
  /** Within `tolerance` of `expected`: the sentence's rounding ("about 0.99" is 0.99 ± 0.005). */
  toBeCloseTo(expected: number, tolerance: number): void;
  toBeAbove(bound: number): void;
  toBeBelow(bound: number): void;
  /** From `low` to `high`, both included. */
  toBeBetween(low: number, high: number): void;
}

/** `expect(accuracy, 'the test accuracy').toBeAbove(0.99)`: throws a StaleStatementError when it fails. */
export function expect(actual: number, what: string): Expectation {
  const check = (holds: boolean, claimed: string) => {
    if (!Number.isFinite(actual) || !holds) throw new StaleStatementError(`${what} ${claimed}`, format(actual));
  };
  return {
    toBe: (expected) => check(actual === expected, `is ${format(expected)}`),
    toBeCloseTo: (expected, tolerance) => {
      if (!(tolerance >= 0)) throw new RangeError(`the tolerance for ${what} must be a number ≥ 0, got ${tolerance}`);
      check(Math.abs(actual - expected) <= tolerance, `is ${format(expected)} ± ${format(tolerance)}`);
    },
    toBeAbove: (bound) => check(actual > bound, `is above ${format(bound)}`),
    toBeBelow: (bound) => check(actual < bound, `is below ${format(bound)}`),
    toBeBetween: (low, high) => check(actual >= low && actual <= high, `is between ${format(low)} and ${format(high)}`),
  };
}

/** `expectThat(curveOnTop, 'the markers sit on the JSD curve')`, for a statement that is a yes or no. */
export function expectThat(holds: boolean, what: string): void {
  if (!holds) throw new StaleStatementError(what, 'otherwise');
}

/**
 * For sentences about the full-settings run, which fast mode (a few steps, for CI) cannot reproduce: checked at full
 * settings, skipped in fast mode.
 */
export function expectAtFullSettings(actual: number, what: string): Expectation {
  if (!fastMode) return expect(actual, what);
  const skip = () => undefined;
  return { toBe: skip, toBeCloseTo: skip, toBeAbove: skip, toBeBelow: skip, toBeBetween: skip };
}

function format(value: number): string {
  return String(Number(value.toPrecision(6)));
}
