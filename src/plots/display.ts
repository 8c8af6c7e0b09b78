// Sends outputs to the notebook through the tslab kernel.
import { KernelWriter, tslabWriter } from './tslab-writer';

/**
 * One notebook output in several formats (Jupyter's "MIME bundle"); each viewer shows the richest one it supports:
 * Jupyter runs the HTML, a script-less exporter takes the picture, a terminal the text. Images are base64 strings.
 */
export interface MimeBundle {
  'text/plain': string;
  'text/html'?: string;
  'image/svg+xml'?: string;
  'image/png'?: string;
}

/** The kernel's writer, or an error that says where drawing works and what to use instead. */
function kernelWriter(caller: string): KernelWriter {
  const writer = tslabWriter();
  if (writer === null) {
    throw new Error(
      `${caller} draws into a Jupyter notebook, but no tslab kernel is running this code. ` +
        'Run it in a notebook with the "tslab" kernel, or use the functions that return the picture instead ' +
        '(lineChartSvg, imageGrid, pngAnimation, tableText).',
    );
  }
  return writer;
}

/** Displays one output below the running cell. */
export function showOutput(bundle: MimeBundle, caller = 'showOutput'): void {
  kernelWriter(caller)({ data: bundle, metadata: {}, transient: {} }, false);
}

/** One output that each update replaces in place, e.g. a training status line. */
export interface LiveOutput {
  /** Replaces the output with plain text. */
  update(text: string): void;
  /**
   * Replaces the output with HTML (an <img>, a table); `text` is the plain-text fallback. A PNG the HTML embeds as
   * its one image is also sent on its own.
   */
  updateHtml(html: string, text?: string): void;
}

let liveOutputCount = 0;

/** Creates an output that updates in place; call it once per cell, then `update` as often as needed. */
export function newLiveOutput(): LiveOutput {
  kernelWriter('newLiveOutput');
  const displayId = `genlab-live-${process.pid}-${++liveOutputCount}`;
  let shown = false;
  const send = (bundle: MimeBundle): void => {
    kernelWriter('LiveOutput.update')({ data: bundle, metadata: {}, transient: { display_id: displayId } }, shown);
    shown = true;
  };
  return {
    update: (text) => send({ 'text/plain': text }),
    updateHtml: (html, text = '(HTML output)') => send({ 'text/plain': text, 'text/html': html, ...embeddedPng(html) }),
  };
}

/** The one PNG an HTML output embeds, offered on its own too, for viewers that drop HTML (GitHub, diff tools). */
function embeddedPng(html: string): { 'image/png'?: string } {
  const images = [...html.matchAll(/<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)];
  return images.length === 1 ? { 'image/png': images[0][1] } : {};
}
