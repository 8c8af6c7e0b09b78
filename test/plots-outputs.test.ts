// Every chart and picture in the executed notebooks carries a PNG and a one-line text, so viewers that run no script
// and show no SVG or HTML (GitHub, diff tools, terminals) still see something meaningful. Reads what
// test/notebooks.test.ts executed; npm test runs that file first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executedOutputs } from './support/jupyter';

const isChart = (data: Record<string, string>) => /class="genlab-chart"/.test(data['text/html'] ?? '');
const isPicture = (data: Record<string, string>) =>
  Object.keys(data).some((type) => type.startsWith('image/')) || /<img\b/.test(data['text/html'] ?? '');

test('every chart and image output of the executed notebooks carries image/png and a one-line text/plain', () => {
  const outputs = executedOutputs();
  const charts = outputs.filter(({ data }) => isChart(data));
  const pictures = outputs.filter(({ data }) => isPicture(data));
  assert.ok(
    charts.length >= 10 && pictures.length >= charts.length + 5,
    `the notebooks draw charts and pictures (found ${charts.length} charts among ${pictures.length} pictures)`,
  );
  const lacking = pictures
    .filter(
      ({ data }) =>
        !data['image/png'] ||
        !data['text/plain'] ||
        /\n/.test(data['text/plain'].trim()) ||
        data['text/plain'] === '(HTML output)',
    )
    .map(
      ({ notebook, data }) =>
        `${notebook}: ${Object.keys(data).join(', ')}: ${JSON.stringify((data['text/plain'] ?? '').slice(0, 80))}`,
    );
  assert.deepEqual(lacking, [], 'outputs without a PNG or a one-line text of their own');
});

test('no output carries the Plotly bundle: each chart loads it from the Jupyter server', () => {
  const heavy = executedOutputs().filter(({ data }) => /plotly\.js v\d/.test(data['text/html'] ?? ''));
  assert.deepEqual(
    heavy.map((o) => o.notebook),
    [],
  );
});
