// Interactive line charts: Plotly, loaded by each output from the Jupyter server (see plotly-loader.ts), over a
// static picture that every other viewer shows.
import { checkChartSpec, LineChartSpec, Series } from './chart-spec';
import { MimeBundle, showOutput } from './display';
import { formatNumber } from './format';
import { plotlyScript } from './plotly-loader';
import { svgToPng } from './raster';
import { escapeXml, lineChartSvg } from './svg-chart';

let chartCount = 0;

/** Displays an interactive chart below the cell, with static pictures and a text summary for other viewers. */
export function lineChart(spec: LineChartSpec): void {
  showOutput(lineChartBundle(spec), 'lineChart');
}

/**
 * The chart as a notebook output. The HTML shows the static picture (an <img>, which sanitised, untrusted HTML
 * keeps) until Plotly replaces it; the SVG and the PNG serve viewers that skip HTML (the PNG those that skip SVG too,
 * such as GitHub); the text is a one-line summary of the numbers.
 */
export function lineChartBundle(spec: LineChartSpec): MimeBundle {
  checkChartSpec(spec);
  const svg = lineChartSvg(spec);
  const summary = chartSummary(spec);
  const id = `genlab-chart-${process.pid}-${++chartCount}`;
  const figure = {
    data: spec.series.map((s) => ({ type: 'scatter', name: s.name, x: s.x, y: s.y, mode: s.mode ?? 'lines' })),
    layout: {
      title: { text: spec.title },
      xaxis: { title: { text: spec.xLabel } },
      yaxis: { title: { text: spec.yLabel }, type: spec.logY ? 'log' : 'linear' },
      height: 400,
      margin: { t: 50 },
    },
    config: { responsive: true, displaylogo: false },
  };
  const picture = `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt="${escapeXml(summary)}">`;
  return {
    'text/plain': summary,
    'text/html': `<div id="${id}" class="genlab-chart">${picture}</div>${plotlyScript(id, figure)}`,
    'image/svg+xml': svg,
    'image/png': Buffer.from(svgToPng(svg)).toString('base64'),
  };
}

/** One line: the title, then each series' length and its first, last, lowest and highest y. */
export function chartSummary(spec: LineChartSpec): string {
  const describe = ({ name, y }: Series) => {
    const [lowest, highest] = y.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
    return (
      `${name}: ${y.length} points, ${spec.yLabel} ${formatNumber(y[0], 4)} → ${formatNumber(y[y.length - 1], 4)} ` +
      `(min ${formatNumber(lowest, 4)}, max ${formatNumber(highest, 4)})`
    );
  };
  return `Line chart "${spec.title}" (${spec.yLabel} against ${spec.xLabel}): ${spec.series.map(describe).join('; ')}`;
}
