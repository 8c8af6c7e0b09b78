import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  imageGrid,
  lineChart,
  MimeBundle,
  newLiveOutput,
  progressBar,
  showImageGrid,
  showPng,
  showTable,
  TableRow,
  tableText,
} from '../src/plots';

interface SentMessage {
  data: MimeBundle;
  displayId?: string;
  update: boolean;
}

// The slot where the tslab kernel puts its output writer while a cell runs; the tests stand in for the kernel.
const kernel = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };

function withFakeKernel(run: () => void): SentMessage[] {
  const sent: SentMessage[] = [];
  kernel.lastWriteDisplayData = (message: { data: MimeBundle; transient: { display_id?: string } }, update: boolean) =>
    sent.push({ data: message.data, displayId: message.transient.display_id, update });
  try {
    run();
  } finally {
    kernel.lastWriteDisplayData = null;
  }
  return sent;
}

const chart = { title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', x: [0, 1], y: [1, 2] }] };

describe('displays outside a kernel', () => {
  test('fail with a message that says where they work and what to use instead', () => {
    assert.throws(() => lineChart(chart), /lineChart draws into a Jupyter notebook, but no tslab kernel is running/);
    assert.throws(() => showTable([{ a: 1 }]), /use the functions that return the picture instead/);
    assert.throws(() => newLiveOutput(), /newLiveOutput draws into a Jupyter notebook/);
  });
});

describe('displays in a kernel', () => {
  test('every chart is a whole output of its own: HTML, SVG, PNG and text, and no Plotly bundle', () => {
    const sent = withFakeKernel(() => {
      lineChart(chart);
      lineChart(chart);
    });
    assert.equal(sent.length, 2);
    for (const { data, update } of sent) {
      assert.deepEqual(Object.keys(data).sort(), ['image/png', 'image/svg+xml', 'text/html', 'text/plain']);
      assert.doesNotMatch(data['text/html'] ?? '', /plotly\.js v\d/);
      assert.equal(update, false);
    }
    assert.notEqual(sent[0].data['text/html'], sent[1].data['text/html'], 'each chart has its own element id');
  });

  test('an image grid is a PNG output with a text description', () => {
    const [message] = withFakeKernel(() => showImageGrid(tf.zeros([3, 4, 4])));
    assert.equal(message.data['text/plain'], 'Image grid of 3 images');
    assert.equal(
      Buffer.from(message.data['image/png'] ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
      'PNG',
    );
  });

  test('saved PNG bytes are shown as they are, with their description', () => {
    const png = imageGrid(tf.ones([2, 4, 4]));
    const [message] = withFakeKernel(() => showPng(png, 'two white squares'));
    assert.equal(message.data['text/plain'], 'two white squares');
    assert.deepEqual(Buffer.from(message.data['image/png'] ?? '', 'base64'), Buffer.from(png));
  });

  test('a table carries HTML and aligned text', () => {
    const rows: TableRow[] = [
      { model: 'GAN', loss: 0.693147 },
      { model: 'VAE', loss: 104.25, epochs: 3 },
    ];
    const [message] = withFakeKernel(() => showTable(rows));
    assert.equal(message.data['text/plain'], tableText(rows));
    assert.match(message.data['text/html'] ?? '', /<th>epochs<\/th>.*<td>0\.6931<\/td>/);
  });

  test('a live output shows once, then replaces itself under the same display id', () => {
    const sent = withFakeKernel(() => {
      const live = newLiveOutput();
      live.update('epoch 1');
      live.updateHtml('<b>epoch 2</b>', 'epoch 2');
      newLiveOutput().update('other');
    });
    assert.deepEqual(
      sent.map((m) => [m.data['text/plain'], m.update]),
      [
        ['epoch 1', false],
        ['epoch 2', true],
        ['other', false],
      ],
    );
    assert.equal(sent[0].displayId, sent[1].displayId);
    assert.notEqual(sent[0].displayId, sent[2].displayId);
    assert.equal(sent[1].data['text/html'], '<b>epoch 2</b>');
  });

  test('a live HTML output that embeds one PNG sends that PNG on its own too', () => {
    const png = Buffer.from(imageGrid(tf.ones([1, 4, 4]))).toString('base64');
    const [withImage, withTwo] = withFakeKernel(() => {
      newLiveOutput().updateHtml(`<img src="data:image/png;base64,${png}" alt="x"><div>epoch 1</div>`, 'epoch 1');
      newLiveOutput().updateHtml(`<img src="data:image/png;base64,${png}"><img src="data:image/png;base64,${png}">`);
    });
    assert.equal(withImage.data['image/png'], png);
    assert.equal(withImage.data['text/plain'], 'epoch 1');
    assert.equal(withTwo.data['image/png'], undefined, 'with two images, neither alone stands for the output');
  });
});

describe('tableText', () => {
  test('aligns columns, rounds fractions to four digits and leaves missing cells blank', () => {
    assert.equal(
      tableText([
        { model: 'GAN', loss: 0.693147 },
        { model: 'VAE', loss: 104.25, epochs: 3 },
      ]),
      ['model  loss    epochs', 'GAN    0.6931', 'VAE    104.3   3'].join('\n'),
    );
    assert.throws(() => tableText([]), /no rows/);
  });
});

describe('progressBar', () => {
  const write = process.stderr.write;
  after(() => {
    process.stderr.write = write;
  });

  test('without a terminal prints plain lines with the count and the latest metrics', () => {
    let output = '';
    process.stderr.write = ((chunk: string) => ((output += chunk), true)) as typeof process.stderr.write;
    const bar = progressBar('train', 2);
    bar.tick({ loss: 0.123456 });
    bar.tick();
    bar.stop();
    process.stderr.write = write;
    assert.match(output, /train \[-+\] 0\/2/);
    assert.match(output, /train \[=+\] 2\/2 loss=0\.1235\n/);
  });

  test('starts part-way when steps are already done (an epoch resumed inside)', () => {
    let output = '';
    process.stderr.write = ((chunk: string) => ((output += chunk), true)) as typeof process.stderr.write;
    const bar = progressBar('train', 5, 3);
    bar.tick();
    bar.stop();
    process.stderr.write = write;
    assert.match(output, /train \[=+-+\] 3\/5/);
    assert.match(output, /train \[=+-+\] 4\/5/);
  });

  test('rejects a total that is not a positive whole number, and a start outside it', () => {
    assert.throws(() => progressBar('train', 0), /positive whole total, got 0/);
    assert.throws(() => progressBar('train', 5, 6), /starts at 0\.\.5 steps done, got 6/);
  });
});
