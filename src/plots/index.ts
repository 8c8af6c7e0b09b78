// Pictures in notebooks (charts, image grids, tables, live output) and the CLI's progress bar.
export type { LineChartSpec, Series } from './chart-spec';
export { showOutput, newLiveOutput } from './display';
export type { LiveOutput, MimeBundle } from './display';
export { imageGrid, pngAnimation, showImageGrid, showPng, showPngAnimation } from './image-grid';
export type { ImageGridOptions } from './image-grid';
export { formatNumber } from './format';
export { lineChart, lineChartBundle } from './line-chart';
export { progressBar } from './progress';
export type { ProgressBar } from './progress';
export { lineChartSvg } from './svg-chart';
export { showTable, tableHtml, tableText } from './table';
export type { TableRow } from './table';
export { audioBundle, showAudio, spectrogramPng, waveformPng } from './audio';
