// A static SVG rendering of a line chart: the picture that viewers without JavaScript show (GitHub, exports).
import { checkChartSpec, LineChartSpec, seriesColours } from './chart-spec';

const width = 640;
const height = 360;
const plot = { left: 70, right: 480, top: 40, bottom: 300 }; // the data area; the legend sits right of it

/** Returns a self-contained SVG document of the chart (axes, ticks, one coloured line or dot set per series). */
export function lineChartSvg(spec: LineChartSpec): string {
  checkChartSpec(spec);
  const [xMin, xMax] = extent(spec.series.map((s) => s.x));
  const [yMin, yMax] = extent(spec.series.map((s) => s.y));
  const toY = spec.logY ? Math.log10 : (v: number) => v;
  const xScale = linearScale(xMin, xMax, plot.left, plot.right);
  const yScale = linearScale(toY(yMin), toY(yMax), plot.bottom, plot.top);
  const yTicks = spec.logY ? logTicks(yMin, yMax) : niceTicks(yMin, yMax);

  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(width / 2, 24, spec.title, 'middle', 16),
    text((plot.left + plot.right) / 2, height - 14, spec.xLabel, 'middle'),
    `<text transform="translate(16 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  ];
  for (const tick of niceTicks(xMin, xMax)) {
    const x = xScale(tick);
    parts.push(line(x, plot.top, x, plot.bottom, '#eee'), text(x, plot.bottom + 18, formatTick(tick), 'middle'));
  }
  for (const tick of yTicks) {
    const y = yScale(toY(tick));
    parts.push(line(plot.left, y, plot.right, y, '#eee'), text(plot.left - 6, y + 4, formatTick(tick), 'end'));
  }
  parts.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#444"/>`,
  );

  spec.series.forEach((series, i) => {
    const colour = seriesColours[i % seriesColours.length];
    const points = series.x.map((x, j) => [round(xScale(x)), round(yScale(toY(series.y[j])))]);
    parts.push(
      series.mode === 'markers'
        ? points.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="2.5" fill="${colour}"/>`).join('')
        : `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`,
    );
    const legendY = plot.top + 10 + 20 * i;
    parts.push(
      series.mode === 'markers'
        ? `<circle cx="${plot.right + 28}" cy="${legendY}" r="4" fill="${colour}"/>`
        : line(plot.right + 16, legendY, plot.right + 40, legendY, colour, 3),
      text(plot.right + 46, legendY + 4, series.name, 'start'),
    );
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="12" fill="#222">${parts.join('')}</svg>`
  );
}

/** Smallest and largest value over all arrays (a loop, since spreading long training curves overflows the stack). */
function extent(arrays: number[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi];
}

/** Maps [lo, hi], widened by 4% each side so points clear the frame, onto [from, to]; one value lands mid-way. */
function linearScale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  if (hi === lo) return () => (from + to) / 2;
  const pad = (hi - lo) * 0.04;
  return (v) => from + ((v - lo + pad) / (hi - lo + 2 * pad)) * (to - from);
}

/** About five round tick values (multiples of 1, 2 or 5 times a power of ten) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  if (hi === lo) return [lo];
  const rough = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) as number;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Powers of ten inside [lo, hi]; over less than a decade there are too few, so fall back to round linear values. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.ceil(Math.log10(lo)); p <= Math.floor(Math.log10(hi)); p++) ticks.push(10 ** p);
  return ticks.length >= 2 ? ticks : niceTicks(lo, hi);
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(Number(v.toPrecision(6)));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function line(x1: number, y1: number, x2: number, y2: number, colour: string, strokeWidth = 1): string {
  return `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${colour}" stroke-width="${strokeWidth}"/>`;
}

function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', size = 12): string {
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="${anchor}" font-size="${size}">${escapeXml(content)}</text>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
