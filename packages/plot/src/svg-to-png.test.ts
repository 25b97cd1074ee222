import test from 'ava';
import { lineChart } from './line-chart.js';
import { svgToPng } from './svg-to-png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const series = [{ name: 'loss', x: [0, 1, 2, 3], y: [2, 1.2, 0.9, 0.8] }];

/** Reads width and height from the IHDR chunk, which a PNG must put first. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunkType = String.fromCharCode(...png.subarray(12, 16));
  if (chunkType !== 'IHDR') throw new Error(`first chunk is ${chunkType}, not IHDR`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

test('svgToPng signature and size', (t) => {
  const png = svgToPng(lineChart(series, { width: 500, height: 300 }));
  t.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  t.deepEqual(pngSize(png), { width: 500, height: 300 });
});

test('svgToPng scale', (t) => {
  const png = svgToPng(lineChart(series, { width: 500, height: 300 }), { scale: 2 });
  t.deepEqual(pngSize(png), { width: 1000, height: 600 });
});

test('svgToPng draws text', (t) => {
  // resvg drops text silently when no font is found, so a title must change the pixels.
  const withTitle = svgToPng(lineChart(series, { title: 'Training loss' }));
  const withoutTitle = svgToPng(lineChart(series));
  t.notDeepEqual(Buffer.from(withTitle), Buffer.from(withoutTitle));
});

test('svgToPng rejects bad input', (t) => {
  t.throws(() => svgToPng('<svg'), { message: /svgToPng: resvg could not parse the SVG/ });
  t.throws(() => svgToPng(lineChart(series), { scale: 0 }), { message: /scale is 0/ });
});
