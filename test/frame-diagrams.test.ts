import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CONCEPT_DIAGRAMS, diagramBundle, diagramFile, diagramSvg, RENDER_DIAGRAMS_COMMAND } from '../src/frame';

test("each of the five articles' diagrams has a place, its faults and a corrected Mermaid flowchart", () => {
  assert.deepEqual(
    CONCEPT_DIAGRAMS.map((d) => d.where.slice(0, 3)),
    ['000', '000', '001', '002', '003'],
  );
  for (const d of CONCEPT_DIAGRAMS) {
    assert.ok(d.faults.length > 0 && d.faults.every((f) => f.length > 30), `${d.id}: faults`);
    assert.match(d.mermaid, /^flowchart (LR|TD|TB)\n/, `${d.id}: a Mermaid flowchart`);
  }
});

test('every saved SVG was drawn from the current source, with text labels (no HTML), and converts to a PNG', () => {
  for (const d of CONCEPT_DIAGRAMS) {
    const svg = diagramSvg(d);
    assert.ok(!svg.includes('<foreignObject'), `${d.id}: HTML labels would not show in the PNG`);
    assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(svg), `${d.id}: the SVG must not load anything from the network`);
    const png = Buffer.from(diagramBundle(d)['image/png']!, 'base64');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 10_000, `${d.id}: a PNG of ${png.length} bytes is too small to hold the diagram`);
  }
});

test('a diagram whose source changed since its SVG was drawn is refused, naming the command that redraws it', () => {
  const changed = { ...CONCEPT_DIAGRAMS[0], mermaid: `${CONCEPT_DIAGRAMS[0].mermaid}\n  extra --> node` };
  assert.ok(fs.existsSync(diagramFile(changed)));
  assert.throws(
    () => diagramSvg(changed),
    (e: Error) => e.message.includes(RENDER_DIAGRAMS_COMMAND),
  );
});
