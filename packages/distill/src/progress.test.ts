import test from 'ava';
import { formatDuration, Progress } from './progress.js';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 120, write: (text: string) => chunks.push(text) }, chunks };
}

test('Progress plain lines off a terminal', (t) => {
  const { stream, chunks } = recorder(false);
  let clock = 0;
  const progress = new Progress(stream, () => clock);
  progress.start('teacher', 2, 2);
  progress.step(1);
  progress.step(3);
  clock = 1500;
  progress.epochDone(1, 'held-out accuracy 50.00%');
  progress.finish();

  t.deepEqual(chunks, ['teacher: epoch 1/2, loss 2.0000, held-out accuracy 50.00%, 1.5 s\n']);
});

test('Progress bar on a terminal', (t) => {
  const { stream, chunks } = recorder(true);
  let clock = 0;
  const progress = new Progress(stream, () => clock);
  progress.start('student', 1, 4);
  progress.step(2);
  clock = 1000;
  progress.step(2);

  const bar = chunks.at(-1)!;
  t.true(bar.startsWith('\r\x1b[2K'));
  t.regex(bar, /student epoch 1\/1 \[#{12}-{12}\]  50% loss 2\.0000 ETA 0:01/);
  progress.finish();
  t.is(chunks.at(-1), '\r\x1b[2K');
});

test('Progress redraws at most every 100 ms', (t) => {
  const { stream, chunks } = recorder(true);
  const progress = new Progress(stream, () => 0);
  progress.start('student', 1, 1000);
  for (let i = 0; i < 50; i++) progress.step(1);
  t.is(chunks.length, 1);
});

test('formatDuration cases', (t) => {
  t.is(formatDuration(0), '0:00');
  t.is(formatDuration(83), '1:23');
  t.is(formatDuration(3725), '1:02:05');
  t.is(formatDuration(Number.NaN), '--:--');
});
