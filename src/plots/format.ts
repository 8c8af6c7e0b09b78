// How numbers read wherever genlab shows them: tables, chart summaries, progress lines and the comparison's verdicts.

/**
 * A number to `digits` significant digits, without an exponent for the sizes met here; whole numbers below a million
 * stay whole; '—' for a missing (NaN) value and '∞' / '−∞' for infinities.
 */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  return String(Number(value.toPrecision(digits)));
}
