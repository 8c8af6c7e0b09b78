// Pictures in notebooks (charts, image grids, tables, live output) and the CLI's progress bar.
export type { LineChartSpec, Series } from './chartSpec';
export { showOutput, newLiveOutput } from './display';
export type { LiveOutput, MimeBundle } from './display';
export { imageGrid, imageGridAnimation, showImageGrid, showImageGridAnimation } from './imageGrid';
export type { ImageGridOptions } from './imageGrid';
export { lineChart, lineChartBundle } from './lineChart';
export { progressBar } from './progress';
export type { ProgressBar } from './progress';
export { lineChartSvg } from './svgChart';
export { showTable, tableHtml, tableText } from './table';
export type { TableRow } from './table';
