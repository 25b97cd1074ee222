import test from 'ava';
import { formatBytes, formatPercent, formatTable, type ModelSummary } from './report.js';

const rows: ModelSummary[] = [
  { name: 'teacher', architecture: '784-256-10', parameters: 203_530, accuracy: 0.97, perplexity: 1.1, agreement: 1, wallSeconds: 61.25, peakTensorBytes: 5_300_000 },
  { name: 'distilled student', architecture: '784-32-10', parameters: 25_450, accuracy: 0.9412, perplexity: 1.3, agreement: 0.95, wallSeconds: 20, peakTensorBytes: 900_000 },
];

test('formatTable mnist columns', (t) => {
  const lines = formatTable('mnist', rows).trimEnd().split('\n');
  t.is(lines.length, 4);
  t.regex(lines[0]!, /^model\s+layers\s+parameters\s+held-out accuracy\s+agreement with teacher\s+wall time\s+peak tensor memory$/);
  t.regex(lines[1]!, /^-+( +-+){6}$/);
  t.regex(lines[2]!, /^teacher\s+784-256-10\s+203,530\s+97\.00%\s+100\.00%\s+61\.3 s\s+5\.1 MiB$/);
  t.regex(lines[3]!, /^distilled student\s+784-32-10\s+25,450\s+94\.12%\s+95\.00%\s+20\.0 s\s+878\.9 KiB$/);
  // Right-aligned numeric columns end at the same position.
  t.is(lines[2]!.length, lines[3]!.length);
});

test('formatTable brown columns', (t) => {
  const header = formatTable('brown', rows).split('\n')[0]!;
  t.regex(header, /held-out perplexity\s+next-word accuracy/);
});

test('formatBytes units', (t) => {
  t.is(formatBytes(512), '512 B');
  t.is(formatBytes(1536), '1.5 KiB');
  t.is(formatBytes(3 * 1024 * 1024), '3.0 MiB');
});

test('formatPercent two decimals', (t) => {
  t.is(formatPercent(0.9735), '97.35%');
  t.is(formatPercent(1), '100.00%');
});
