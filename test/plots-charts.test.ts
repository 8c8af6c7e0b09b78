import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { LineChartSpec, lineChartBundle, lineChartSvg } from '../src/plots';
import { niceTicks } from '../src/plots/svg-chart';

const x = [1, 2, 3, 4];
const spec: LineChartSpec = {
  title: 'Losses <GAN> & co',
  xLabel: 'epoch',
  yLabel: 'loss',
  series: [
    { name: 'generator', x, y: [4, 3, 2, 1] },
    { name: 'discriminator', x, y: [0.5, 0.6, 0.7, 0.6], mode: 'markers' },
  ],
};

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('lineChartSvg', () => {
  test('draws a line per lines series and a dot per point of a markers series, with a legend entry each in kind', () => {
    const svg = lineChartSvg(spec);
    assert.equal(count(svg, /<polyline /g), 1);
    assert.equal(count(svg, /<circle /g), 4 + 1); // the points and the legend's dot
    assert.equal(count(svg, /<circle [^>]*r="4"/g), 1);
    assert.match(svg, />generator</);
    assert.match(svg, />discriminator</);
  });

  test('escapes text so titles cannot break the markup', () => {
    const svg = lineChartSvg(spec);
    assert.match(svg, />Losses &lt;GAN&gt; &amp; co</);
    assert.doesNotMatch(svg, /<GAN>/);
  });

  test('labels a log axis with powers of ten', () => {
    const svg = lineChartSvg({ ...spec, logY: true, series: [{ name: 'kl', x, y: [10, 1, 0.1, 0.01] }] });
    for (const label of ['10', '1', '0.1', '0.01'])
      assert.match(svg, new RegExp(`text-anchor="end" font-size="12">${label}<`));
  });

  test('rejects data it cannot draw, naming the series and the point', () => {
    const one = (series: LineChartSpec['series'][number], logY = false) =>
      lineChartSvg({ ...spec, logY, series: [series] });
    assert.throws(() => one({ name: 'g', x: [1, 2], y: [1] }), /"g" has 2 x values but 1 y values/);
    assert.throws(() => one({ name: 'g', x: [1, 2], y: [1, NaN] }), /"g" has a non-finite point at index 1/);
    assert.throws(() => one({ name: 'g', x: [1, 2], y: [1, 0] }, true), /values <= 0, which a log y axis cannot show/);
    assert.throws(() => one({ name: 'g', x: [], y: [] }), /"g" is empty/);
    assert.throws(() => lineChartSvg({ ...spec, series: [] }), /has no series/);
  });
});

describe('niceTicks', () => {
  test('picks round steps of 1, 2 or 5 times a power of ten inside the range', () => {
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(3, 47), [10, 20, 30, 40]);
    assert.deepEqual(niceTicks(5, 5), [5]);
  });
});

describe('lineChartBundle', () => {
  test('offers HTML over the static picture, the SVG, a PNG of it and a one-line summary of the numbers', () => {
    const bundle = lineChartBundle(spec);
    const svg = lineChartSvg(spec);
    assert.equal(bundle['image/svg+xml'], svg);
    const picture = bundle['text/html']?.match(/<img src="data:image\/svg\+xml;base64,([^"]+)"/)?.[1];
    assert.equal(
      Buffer.from(picture ?? '', 'base64').toString(),
      svg,
      'the HTML shows the SVG as an image until Plotly draws',
    );
    const png = PNG.sync.read(Buffer.from(bundle['image/png'] ?? '', 'base64'));
    assert.deepEqual([png.width, png.height], [640, 360], 'the PNG is the SVG at its own size');
    assert.equal(
      bundle['text/plain'],
      'Line chart "Losses <GAN> & co" (loss against epoch): generator: 4 points, loss 4 → 1 (min 1, max 4); ' +
        'discriminator: 4 points, loss 0.5 → 0.6 (min 0.5, max 0.7)',
    );
    assert.doesNotMatch(bundle['text/plain'], /\n/);
  });

  test('the PNG shows the lines in their colours on white', () => {
    const png = PNG.sync.read(Buffer.from(lineChartBundle(spec)['image/png'] ?? '', 'base64'));
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(Array.from(png.data.subarray(i, i + 3)).join(','));
    assert.ok(colours.has('255,255,255'), 'white background');
    assert.ok(colours.has('31,119,180') && colours.has('255,127,14'), 'the two series colours, as Plotly draws them');
  });

  test('does not carry the Plotly bundle, which each output loads from the Jupyter server', () => {
    const html = lineChartBundle(spec)['text/html'] ?? '';
    assert.doesNotMatch(html, /plotly\.js v\d/);
    assert.match(html, /lab\/extensions\/genlab-plotly\/static\/plotly\.min\.js/);
    assert.ok(html.length < 20_000, `the HTML of a 4-point chart is small: ${html.length} characters`);
  });

  test('keeps series names from closing the script element', () => {
    const html = lineChartBundle({ ...spec, series: [{ name: '</script><b>', x, y: x }] })['text/html'] ?? '';
    assert.equal(count(html, /<\/script>/g), 1, 'only the chart script closes');
  });
});
