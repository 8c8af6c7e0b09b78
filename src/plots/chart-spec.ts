// The description of a line chart, shared by the interactive (Plotly) and the static (SVG) renderings.

export interface Series {
  name: string;
  x: number[];
  y: number[];
  /** 'lines' (default) joins the points, 'markers' draws them as dots (e.g. a latent-space scatter). */
  mode?: 'lines' | 'markers';
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Logarithmic y axis, for losses that fall over orders of magnitude. */
  logY?: boolean;
}

/** Throws an error that names the offending series and point, so a bad chart fails where it is built. */
export function checkChartSpec(spec: LineChartSpec): void {
  if (spec.series.length === 0) throw new Error(`Chart "${spec.title}" has no series; pass at least one.`);
  for (const { name, x, y } of spec.series) {
    if (x.length !== y.length) {
      throw new Error(`Series "${name}" has ${x.length} x values but ${y.length} y values; they must pair up.`);
    }
    if (x.length === 0) throw new Error(`Series "${name}" is empty; pass at least one point.`);
    const bad = x.findIndex((xi, i) => !Number.isFinite(xi) || !Number.isFinite(y[i]));
    if (bad >= 0) {
      throw new Error(
        `Series "${name}" has a non-finite point at index ${bad} (x=${x[bad]}, y=${y[bad]}); ` +
          'a NaN loss usually means training diverged.',
      );
    }
    if (spec.logY && y.some((v) => v <= 0)) {
      throw new Error(`Series "${name}" has values <= 0, which a log y axis cannot show; drop logY or shift the data.`);
    }
  }
}

/** Plotly's default colours, so the static picture matches the interactive chart. */
export const seriesColours = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
