/**
 * Line charts as standalone SVG strings, and SVG to PNG conversion through resvg.
 *
 * @packageDocumentation
 */
export { lineChart } from './line-chart.js';
export type { LineChartOptions, Series } from './line-chart.js';
export { svgToPng } from './svg-to-png.js';
export type { SvgToPngOptions } from './svg-to-png.js';
export { niceTicks, logTicks } from './ticks.js';
export { formatTick } from './format.js';
