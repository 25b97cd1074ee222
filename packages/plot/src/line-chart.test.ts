import test from 'ava';
import { lineChart } from './line-chart.js';

const steps = [1, 2, 3, 4, 5];
const twoSeries = [
  { name: 'teacher', x: steps, y: [2.3, 1.2, 0.8, 0.5, 0.4] },
  { name: 'student', x: steps, y: [2.3, 1.8, 1.4, 1.1, 0.9] },
];

/** Checks that every element is closed in order, which is what an XML parser would need from this output. */
function assertBalancedTags(svg: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    names.push(name!);
    if (selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      stack.push(name!);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}

test('lineChart well-formed svg', (t) => {
  const svg = lineChart(twoSeries, { title: 'Loss', xLabel: 'step', yLabel: 'loss' });
  t.true(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"'));
  t.notThrows(() => assertBalancedTags(svg));
  t.false(/[<>&](?![a-zA-Z/#!]|amp;|lt;|gt;)/.test(svg.replace(/<[^>]*>/g, '')), 'stray markup characters in text');
});

test('lineChart one path per series', (t) => {
  const svg = lineChart(twoSeries);
  const groups = [...svg.matchAll(/<g class="series" data-name="([^"]*)">\n<path d="([^"]*)"/g)];
  t.deepEqual(
    groups.map((group) => group[1]),
    ['teacher', 'student'],
  );
  for (const group of groups) {
    t.is(group[2]!.split(' ').length, steps.length);
  }
});

test('lineChart labels and legend', (t) => {
  const svg = lineChart(twoSeries, { title: 'Loss curves', xLabel: 'step', yLabel: 'cross entropy' });
  t.regex(svg, /<text class="title"[^>]*>Loss curves<\/text>/);
  t.regex(svg, /<text class="x-label"[^>]*>step<\/text>/);
  t.regex(svg, /<text class="y-label"[^>]*>cross entropy<\/text>/);
  const legend = svg.slice(svg.indexOf('<g class="legend">'));
  t.regex(legend, />teacher<\/text>/);
  t.regex(legend, />student<\/text>/);
});

test('lineChart escapes text', (t) => {
  const svg = lineChart([{ name: 'a<b & "c"', x: [0, 1], y: [0, 1] }], { title: '<script>' });
  t.false(svg.includes('<script>'));
  t.true(svg.includes('&lt;script&gt;'));
  t.true(svg.includes('data-name="a&lt;b &amp; &quot;c&quot;"'));
  t.notThrows(() => assertBalancedTags(svg));
});

test('lineChart gap at NaN', (t) => {
  const svg = lineChart([{ name: 'loss', x: [1, 2, 3, 4], y: [1, Number.NaN, 0.5, 0.4] }]);
  const path = /<path d="([^"]*)"/.exec(svg)![1]!;
  t.deepEqual(
    path.split(' ').map((command) => command[0]),
    ['M', 'M', 'L'],
  );
});

test('lineChart log x ticks', (t) => {
  const svg = lineChart([{ name: 'loss', x: [1, 10, 100, 1000], y: [3, 2, 1, 0.5] }], { xScale: 'log' });
  const xAxis = svg.slice(svg.indexOf('<g class="x-axis">'), svg.indexOf('<g class="y-axis">'));
  const labels = [...xAxis.matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1]);
  t.deepEqual(labels, ['1', '10', '100', '1000']);

  // Equal ratios must be equal distances on a log axis.
  const xs = /<path d="([^"]*)"/
    .exec(svg)![1]!
    .split(' ')
    .map((command) => Number(command.slice(1).split(',')[0]));
  t.true(Math.abs(xs[1]! - xs[0]! - (xs[3]! - xs[2]!)) < 0.02);
});

test('lineChart custom size', (t) => {
  const svg = lineChart(twoSeries, { width: 300, height: 200 });
  t.regex(svg, /^<svg[^>]* width="300" height="200" viewBox="0 0 300 200"/);
});

test('lineChart rejects bad input', (t) => {
  t.throws(() => lineChart([]), { message: /lineChart: no series given/ });
  t.throws(() => lineChart([{ name: 'loss', x: [1, 2], y: [1] }]), {
    message: /series 'loss' has 2 x values and 1 y values/,
  });
  t.throws(() => lineChart([{ name: '', x: [1], y: [1] }]), { message: /empty name/ });
  t.throws(() => lineChart([{ name: 'loss', x: [0, 1], y: [1, 2] }], { xScale: 'log' }), {
    message: /x = 0 at index 0; a log x axis needs positive values/,
  });
  t.throws(() => lineChart([{ name: 'loss', x: [1], y: [Number.NaN] }]), { message: /no series has a point/ });
  t.throws(() => lineChart(twoSeries, { width: 10 }), { message: /width is 10/ });
});

test('lineChart legend avoids the data', (t) => {
  const legendY = (svg: string) => Number(/<g class="legend">\n<rect x="[^"]*" y="([^"]*)"/.exec(svg)![1]);
  const rising = lineChart([{ name: 'accuracy', x: [0, 1, 2, 3, 4], y: [80, 90, 94, 97, 100] }]);
  const falling = lineChart([{ name: 'loss', x: [0, 1, 2, 3, 4], y: [2, 1, 0.5, 0.3, 0.2] }]);
  // A rising curve fills the top right, so its legend moves down; a falling curve leaves the top right free.
  t.true(legendY(rising) > 200, `legend of the rising curve at y ${legendY(rising)}`);
  t.true(legendY(falling) < 100, `legend of the falling curve at y ${legendY(falling)}`);
});

test('lineChart marks a single point', (t) => {
  const svg = lineChart([
    { name: 'teacher', x: [1], y: [250] },
    { name: 'student', x: [1, 2], y: [300, 260] },
  ]);
  const teacher = /<g class="series" data-name="teacher">\n([\s\S]*?)<\/g>/.exec(svg)![1]!;
  const path = /<path d="([^"]*)"/.exec(teacher)![1]!;
  const marker = /<circle class="marker" cx="([^"]*)" cy="([^"]*)" r="(\d+)"/.exec(teacher);
  t.not(marker, null, 'a single point needs a marker, since its path has no length');
  t.is(`M${marker![1]},${marker![2]}`, path);
  t.true(Number(marker![3]) >= 2);
});

test('lineChart marks short series only', (t) => {
  const markers = (svg: string) => svg.match(/<circle class="marker"/g)?.length ?? 0;
  t.is(markers(lineChart(twoSeries)), 2 * steps.length);

  const long = Array.from({ length: 40 }, (_, i) => i);
  t.is(markers(lineChart([{ name: 'loss', x: long, y: long.map((i) => 1 / (i + 1)) }])), 0);

  // In a long series only a point between two gaps is marked, because the path draws the others.
  const gapped = long.map((i) => (i === 19 || i === 21 ? Number.NaN : 1 / (i + 1)));
  const svg = lineChart([{ name: 'loss', x: long, y: gapped }]);
  t.is(markers(svg), 1);
  t.notThrows(() => assertBalancedTags(svg));
});
