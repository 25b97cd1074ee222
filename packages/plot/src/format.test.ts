import test from 'ava';
import { formatTick } from './format.js';

test('formatTick cases', (t) => {
  const cases: [number, string][] = [
    [0, '0'],
    [1, '1'],
    [0.30000000000000004, '0.3'],
    [0.25, '0.25'],
    [1200, '1200'],
    [-2.5, '-2.5'],
    [0.001, '0.001'],
    [1e-5, '1e-5'],
    [3.5e6, '3.5e+6'],
    [123456, '1.235e+5'],
  ];
  for (const [value, expected] of cases) {
    t.is(formatTick(value), expected, `formatTick(${value})`);
  }
});
