// The browser side of test/plots-rendering.test.ts, bundled by esbuild: JupyterLab's own output renderers
// (@jupyterlab/rendermime, the version JupyterLab 4.6.6 ships) render notebook outputs the way a notebook's output
// area does: the preferred MIME type of each bundle, with only safe renderers for untrusted outputs, and sanitised HTML.
import { MimeModel, RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';

export interface PageOutput {
  data: Record<string, string>;
  trusted: boolean;
}

const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });

/** Renders the outputs one after another, each into its own box; returns the MIME type chosen for each. */
async function renderOutputs(outputs: PageOutput[]): Promise<string[]> {
  const chosen: string[] = [];
  for (const { data, trusted } of outputs) {
    // As OutputArea does: untrusted outputs get the richest MIME type that has a safe renderer.
    const mimeType = rendermime.preferredMimeType(data, trusted ? 'any' : 'ensure') ?? 'none';
    chosen.push(mimeType);
    const box = document.createElement('div');
    box.className = 'output';
    box.dataset.mimeType = mimeType;
    document.body.appendChild(box);
    if (mimeType === 'none') continue;
    const renderer = rendermime.createRenderer(mimeType);
    Widget.attach(renderer, box);
    await renderer.renderModel(new MimeModel({ data, trusted }));
  }
  return chosen;
}

/** Removes every rendered output, as JupyterLab does before rendering a notebook's outputs again. */
function clearOutputs(): void {
  document.querySelectorAll('.output').forEach((box) => box.remove());
}

Object.assign(window, { renderOutputs, clearOutputs });
