// PNG copies of our SVG pictures, for viewers that show neither SVG nor HTML (GitHub, diff tools, some exporters).
import { Resvg } from '@resvg/resvg-js';

/** Rasterises an SVG document at its own size, with the system's fonts (resvg falls back to any installed font). */
export function svgToPng(svg: string): Uint8Array {
  return new Uint8Array(new Resvg(svg).render().asPng());
}
