// Interactive line charts: Plotly, served offline from the plotly.js-dist-min package, with a static SVG fallback.
import { readFileSync } from 'node:fs';
import { checkChartSpec, LineChartSpec } from './chart-spec';
import { MimeBundle, showOutput } from './display';
import { lineChartSvg } from './svg-chart';

// The Plotly bundle (~4.8 MB) travels inside the first chart's output of each kernel session, so the live page, the
// saved notebook and its HTML export all hold one copy and load nothing from the internet. Later charts wait for it.
let plotlySent = false;
let chartCount = 0;

/** Displays an interactive chart below the cell, with a static SVG picture for viewers that run no script. */
export function lineChart(spec: LineChartSpec): void {
  showOutput(lineChartBundle(spec, !plotlySent), 'lineChart');
  plotlySent = true;
}

/**
 * The chart as a notebook output: HTML that starts as the static SVG and is replaced by the Plotly chart once Plotly
 * is on the page, the same SVG on its own for exporters that skip HTML, and a one-line text summary.
 */
export function lineChartBundle(spec: LineChartSpec, includePlotly: boolean): MimeBundle {
  checkChartSpec(spec);
  const svg = lineChartSvg(spec);
  const id = `genlab-chart-${process.pid}-${++chartCount}`;
  const data = spec.series.map((s) => ({ type: 'scatter', name: s.name, x: s.x, y: s.y, mode: s.mode ?? 'lines' }));
  const layout = {
    title: { text: spec.title },
    xaxis: { title: { text: spec.xLabel } },
    yaxis: { title: { text: spec.yLabel }, type: spec.logY ? 'log' : 'linear' },
    height: 400,
    margin: { t: 50 },
  };
  const config = { responsive: true, displaylogo: false };
  // Notebook front ends insert an output's HTML before attaching it to the page, so the element is looked up again
  // until it is attached (and until Plotly has loaded, if an earlier output brings it); without Plotly the SVG stays.
  const draw =
    `(function draw(attempt) {` +
    ` var el = document.getElementById(${scriptJson(id)});` +
    ` if (!el || !window.Plotly) { if (attempt < 100) setTimeout(draw, 100, attempt + 1); return; }` +
    ` el.innerHTML = ''; window.Plotly.newPlot(el, ${scriptJson(data)}, ${scriptJson(layout)}, ${scriptJson(config)});` +
    ` })(0);`;
  const html =
    `<div id="${id}" class="genlab-chart">${svg}</div>` +
    (includePlotly ? `<script>${plotlyBundle()}</script>` : '') +
    `<script>${draw}</script>`;
  const summary = spec.series.map((s) => `${s.name} (${s.y.length} points)`).join(', ');
  return { 'text/plain': `Line chart "${spec.title}": ${summary}`, 'text/html': html, 'image/svg+xml': svg };
}

function plotlyBundle(): string {
  const source = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
  return source.replace(/<\/script/gi, '<\\/script'); // the bundle must not close our <script> tag early
}

/** JSON that is safe inside a <script> element: no "<" can start a closing tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
