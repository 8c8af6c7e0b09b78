#!/usr/bin/env node
// Draws chapter 01's corrected concept diagrams (src/frame/diagrams.ts) to SVG with the `mermaid` package, in Debian's
// Chromium with the network blocked, and writes them to notebooks/results/frame/diagrams/. Run it after changing a
// diagram: `node --import tsx src/cli/render-diagrams.ts`. Labels are drawn as SVG text (htmlLabels off), not HTML,
// so that the PNG copy (resvg) and every SVG viewer show them.
import * as fs from 'fs';
import { chromium } from 'playwright-core';
import { CONCEPT_DIAGRAMS, DIAGRAMS_DIRECTORY, diagramFile, diagramHash } from '../frame';
import { writeAtomically } from '../storage';

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    fs.mkdirSync(DIAGRAMS_DIRECTORY, { recursive: true });
    for (const diagram of CONCEPT_DIAGRAMS) {
      const svg = await page.evaluate(
        async ({ id, source }) => {
          const mermaid = (globalThis as unknown as { mermaid: any }).mermaid; // eslint-disable-line @typescript-eslint/no-explicit-any
          mermaid.initialize({
            startOnLoad: false,
            theme: 'neutral',
            htmlLabels: false,
            flowchart: { htmlLabels: false },
            securityLevel: 'strict',
          });
          return (await mermaid.render(`diagram-${id}`, source)).svg as string;
        },
        { id: diagram.id, source: diagram.mermaid },
      );
      if (svg.includes('<foreignObject'))
        throw new Error(`diagram ${diagram.id}: mermaid drew HTML labels; they would not show in a PNG.`);
      // Mermaid sizes the picture to its container (width 100 %); as an image in an export it needs its own size.
      const [, , width, height] = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
      if (!(width > 0 && height > 0))
        throw new Error(`diagram ${diagram.id}: mermaid's SVG has no viewBox to size it by.`);
      const stamped = svg
        .replace(
          /^<svg([^>]*?) width="100%"([^>]*?) style="max-width: [^"]*"/,
          `<svg$1 width="${Math.ceil(width)}" height="${Math.ceil(height)}"$2`,
        )
        .replace(/^<svg/, `<svg data-mermaid-source="mermaid-source ${diagramHash(diagram)}"`);
      if (!stamped.includes(`width="${Math.ceil(width)}"`))
        throw new Error(`diagram ${diagram.id}: could not set the SVG's size.`);
      writeAtomically(diagramFile(diagram), `${stamped}\n`);
      console.log(`drew ${diagramFile(diagram)}`);
    }
    if (blocked.length > 0) console.log(`blocked ${blocked.length} network request(s): ${blocked.join(', ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`render-diagrams: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
