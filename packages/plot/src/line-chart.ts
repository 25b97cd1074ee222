import { escapeXml } from './escape-xml.js';
import { formatTick } from './format.js';
import { logTicks, niceTicks } from './ticks.js';

/** One named line of a chart: the points `(x[i], y[i])`, joined in order. */
export interface Series {
  /** Legend label. */
  readonly name: string;
  /** Horizontal coordinates, one per point. */
  readonly x: readonly number[];
  /** Vertical coordinates, as many as `x`. A non-finite value leaves a gap in the line. */
  readonly y: readonly number[];
  /** CSS colour of the line; by default the next colour of a ten-colour palette. */
  readonly color?: string;
}

/** Layout and labels of a line chart. */
export interface LineChartOptions {
  /** Heading above the plot area. */
  readonly title?: string;
  /** Label under the horizontal axis. */
  readonly xLabel?: string;
  /** Label beside the vertical axis. */
  readonly yLabel?: string;
  /** Image width in pixels (default 640). */
  readonly width?: number;
  /** Image height in pixels (default 400). */
  readonly height?: number;
  /** Horizontal scale (default `'linear'`); `'log'` is base 10 and needs positive x values. */
  readonly xScale?: 'linear' | 'log';
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const FONT_FAMILY = "'DejaVu Sans', Arial, Helvetica, sans-serif";
const MARGIN = { top: 40, right: 20, bottom: 52, left: 70 };
/** Series with at most this many finite points get a marker on every point, so that each measurement is visible. */
const MARKED_SERIES_MAX_POINTS = 12;
const MARKER_RADIUS = 3;

/**
 * Renders line series as a standalone SVG document with axes, ticks, grid lines, a legend and an optional title.
 *
 * The SVG has a white background, fixed pixel size and no external references, so it can be written to a `.svg`
 * file or passed to {@link svgToPng}. The legend goes in the corner of the plot area that covers the fewest points. Each series is one `<path>` inside a `<g class="series">` whose `data-name`
 * attribute is the series name. A series of at most 12 finite points also gets a `<circle class="marker">` on
 * each point, and a longer one on each point with no finite neighbour, so a single point is never invisible.
 *
 * @param series - The lines to draw; at least one, each with equally long `x` and `y` and at least one finite point.
 * @param options - Title, axis labels, size in pixels and horizontal scale.
 * @returns The SVG document as a string.
 * @throws Error when `series` is empty, a name is empty, `x` and `y` differ in length, no point is finite, the
 *   size is not a positive integer, or a log-scale series has a non-positive x value.
 * @example
 * ```ts
 * import { lineChart } from '@fusegrad/plot';
 *
 * const svg = lineChart(
 *   [
 *     { name: 'teacher', x: [1, 2, 3], y: [2.3, 1.1, 0.6] },
 *     { name: 'student', x: [1, 2, 3], y: [2.3, 1.6, 1.2] },
 *   ],
 *   { title: 'Training loss', xLabel: 'epoch', yLabel: 'loss' },
 * );
 * console.log(svg.startsWith('<svg'));
 * ```
 */
export function lineChart(series: readonly Series[], options: LineChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const xScale = options.xScale ?? 'linear';
  validateInput(series, width, height, xScale);

  const plotLeft = MARGIN.left;
  const plotTop = MARGIN.top;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;

  const points = series.flatMap((line) => line.x.map((x, i) => [x, line.y[i] ?? NaN] as const));
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = finite.map(([x]) => x);
  const ys = finite.map(([, y]) => y);
  const xTicks = xScale === 'log' ? logTicks(Math.min(...xs), Math.max(...xs)) : niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys), 5);

  const toAxis = xScale === 'log' ? Math.log10 : (x: number) => x;
  const xLow = toAxis(xTicks[0]!);
  const xHigh = toAxis(xTicks[xTicks.length - 1]!);
  const yLow = yTicks[0]!;
  const yHigh = yTicks[yTicks.length - 1]!;
  const toPixelX = (x: number) => plotLeft + ((toAxis(x) - xLow) / (xHigh - xLow)) * plotWidth;
  const toPixelY = (y: number) => plotTop + plotHeight - ((y - yLow) / (yHigh - yLow)) * plotHeight;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="12">`,
  );
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) {
    parts.push(
      `<text class="title" x="${width / 2}" y="${MARGIN.top / 2 + 6}" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
    );
  }

  parts.push('<g class="x-axis">');
  for (const tick of xTicks) {
    const x = fixed(toPixelX(tick));
    parts.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotTop + plotHeight}" stroke="#e6e6e6"/>`);
    parts.push(`<line x1="${x}" y1="${plotTop + plotHeight}" x2="${x}" y2="${plotTop + plotHeight + 5}" stroke="#333333"/>`);
    parts.push(`<text x="${x}" y="${plotTop + plotHeight + 18}" text-anchor="middle">${escapeXml(formatTick(tick))}</text>`);
  }
  if (options.xLabel) {
    parts.push(
      `<text class="x-label" x="${fixed(plotLeft + plotWidth / 2)}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    );
  }
  parts.push('</g>');

  parts.push('<g class="y-axis">');
  for (const tick of yTicks) {
    const y = fixed(toPixelY(tick));
    parts.push(`<line x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotWidth}" y2="${y}" stroke="#e6e6e6"/>`);
    parts.push(`<line x1="${plotLeft - 5}" y1="${y}" x2="${plotLeft}" y2="${y}" stroke="#333333"/>`);
    parts.push(`<text x="${plotLeft - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(formatTick(tick))}</text>`);
  }
  if (options.yLabel) {
    const centerY = fixed(plotTop + plotHeight / 2);
    parts.push(
      `<text class="y-label" x="16" y="${centerY}" text-anchor="middle" transform="rotate(-90 16 ${centerY})">${escapeXml(options.yLabel)}</text>`,
    );
  }
  parts.push('</g>');

  parts.push(
    `<rect x="${plotLeft}" y="${plotTop}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333333"/>`,
  );

  series.forEach((line, index) => {
    const color = line.color ?? PALETTE[index % PALETTE.length]!;
    const path = linePath(line, toPixelX, toPixelY);
    parts.push(`<g class="series" data-name="${escapeXml(line.name)}">`);
    parts.push(`<path d="${path}" fill="none" stroke="${escapeXml(color)}" stroke-width="2" stroke-linejoin="round"/>`);
    for (const i of markedIndices(line)) {
      const x = fixed(toPixelX(line.x[i]!));
      const y = fixed(toPixelY(line.y[i]!));
      parts.push(`<circle class="marker" cx="${x}" cy="${y}" r="${MARKER_RADIUS}" fill="${escapeXml(color)}"/>`);
    }
    parts.push('</g>');
  });

  const pixels = series.flatMap((line) => samplePixels(line, toPixelX, toPixelY));
  parts.push(legend(series, { left: plotLeft, top: plotTop, right: plotLeft + plotWidth, bottom: plotTop + plotHeight }, pixels));
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function validateInput(series: readonly Series[], width: number, height: number, xScale: string): void {
  if (series.length === 0) {
    throw new Error('lineChart: no series given; pass at least one { name, x, y }');
  }
  for (const [label, size, minimum] of [
    ['width', width, MARGIN.left + MARGIN.right + 10],
    ['height', height, MARGIN.top + MARGIN.bottom + 10],
  ] as const) {
    if (!Number.isInteger(size) || size < minimum) {
      throw new Error(`lineChart: ${label} is ${size}; pass an integer number of pixels of at least ${minimum}`);
    }
  }
  if (xScale !== 'linear' && xScale !== 'log') {
    throw new Error(`lineChart: xScale is '${xScale}'; pass 'linear' or 'log'`);
  }

  let finitePoints = 0;
  for (const line of series) {
    if (!line.name) {
      throw new Error('lineChart: a series has an empty name; give every series a legend label');
    }
    if (line.x.length !== line.y.length) {
      throw new Error(
        `lineChart: series '${line.name}' has ${line.x.length} x values and ${line.y.length} y values; pass one y per x`,
      );
    }
    line.x.forEach((x, i) => {
      if (xScale === 'log' && Number.isFinite(x) && x <= 0) {
        throw new Error(`lineChart: series '${line.name}' has x = ${x} at index ${i}; a log x axis needs positive values`);
      }
      if (Number.isFinite(x) && Number.isFinite(line.y[i])) finitePoints++;
    });
  }
  if (finitePoints === 0) {
    throw new Error('lineChart: no series has a point with finite x and y; pass at least one finite point');
  }
}

/** Returns points along the drawn line, at most about 4 px apart, so that the legend can avoid segments too. */
function samplePixels(line: Series, toPixelX: (x: number) => number, toPixelY: (y: number) => number): [number, number][] {
  const samples: [number, number][] = [];
  let previous: [number, number] | null = null;
  line.x.forEach((x, i) => {
    const y = line.y[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      previous = null;
      return;
    }
    const current: [number, number] = [toPixelX(x), toPixelY(y)];
    if (previous !== null) {
      const [startX, startY] = previous;
      const steps = Math.ceil(Math.hypot(current[0] - startX, current[1] - startY) / 4);
      for (let step = 1; step < steps; step++) {
        samples.push([startX + ((current[0] - startX) * step) / steps, startY + ((current[1] - startY) * step) / steps]);
      }
    }
    samples.push(current);
    previous = current;
  });
  return samples;
}

/**
 * Returns the indices of the points that get a marker: every finite point of a series with few points, and
 * otherwise each finite point without a finite neighbour, which the path alone would not draw.
 */
function markedIndices(line: Series): number[] {
  const isFinitePoint = (i: number) => Number.isFinite(line.x[i]) && Number.isFinite(line.y[i]);
  const finiteIndices = line.x.map((_, i) => i).filter(isFinitePoint);
  if (finiteIndices.length <= MARKED_SERIES_MAX_POINTS) return finiteIndices;

  return finiteIndices.filter((i) => !isFinitePoint(i - 1) && !isFinitePoint(i + 1));
}

/** Builds the path data, starting a new subpath after each non-finite point so that gaps stay visible. */
function linePath(line: Series, toPixelX: (x: number) => number, toPixelY: (y: number) => number): string {
  const commands: string[] = [];
  let penDown = false;
  line.x.forEach((x, i) => {
    const y = line.y[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      penDown = false;
      return;
    }
    commands.push(`${penDown ? 'L' : 'M'}${fixed(toPixelX(x))},${fixed(toPixelY(y))}`);
    penDown = true;
  });
  return commands.join(' ');
}

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Draws the legend in the corner of the plot area that covers the fewest data points (top right on a tie). */
function legend(series: readonly Series[], plot: Box, pixels: readonly (readonly [number, number])[]): string {
  const rowHeight = 18;
  const longestName = Math.max(...series.map((line) => line.name.length));
  // About 7 px per character at 12 px: an estimate, since the SVG does not know the font's real metrics.
  const boxWidth = 34 + longestName * 7;
  const boxHeight = series.length * rowHeight + 8;
  const corners = [
    { left: plot.right - boxWidth - 8, top: plot.top + 8 },
    { left: plot.right - boxWidth - 8, top: plot.bottom - boxHeight - 8 },
    { left: plot.left + 8, top: plot.top + 8 },
    { left: plot.left + 8, top: plot.bottom - boxHeight - 8 },
  ];
  const covered = corners.map(
    (corner) =>
      pixels.filter(([x, y]) => x >= corner.left && x <= corner.left + boxWidth && y >= corner.top && y <= corner.top + boxHeight)
        .length,
  );
  const best = corners[covered.indexOf(Math.min(...covered))]!;
  const boxLeft = best.left;
  const boxTop = best.top;
  const parts = [
    '<g class="legend">',
    `<rect x="${fixed(boxLeft)}" y="${fixed(boxTop)}" width="${boxWidth}" height="${boxHeight}" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`,
  ];
  series.forEach((line, index) => {
    const color = line.color ?? PALETTE[index % PALETTE.length]!;
    const y = fixed(boxTop + 4 + rowHeight * index + rowHeight / 2);
    parts.push(`<line x1="${fixed(boxLeft + 6)}" y1="${y}" x2="${fixed(boxLeft + 26)}" y2="${y}" stroke="${escapeXml(color)}" stroke-width="2"/>`);
    if (markedIndices(line).length > 0) {
      parts.push(`<circle cx="${fixed(boxLeft + 16)}" cy="${y}" r="${MARKER_RADIUS}" fill="${escapeXml(color)}"/>`);
    }
    parts.push(`<text x="${fixed(boxLeft + 30)}" y="${y}" dominant-baseline="middle">${escapeXml(line.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

function fixed(pixels: number): string {
  return String(Math.round(pixels * 100) / 100);
}
