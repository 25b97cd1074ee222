import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StagedOutput } from './staged-output.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'distill-staged-'));
}

test('StagedOutput commit creates folder', (t) => {
  const root = scratch();
  const target = join(root, 'nested', 'run');
  const output = StagedOutput.create(target);
  writeFileSync(output.path('a.txt'), 'one');
  t.false(existsSync(target));

  output.commit();
  t.is(readFileSync(join(target, 'a.txt'), 'utf8'), 'one');
  t.deepEqual(readdirSync(join(root, 'nested')), ['run']);
});

test('StagedOutput commit into existing folder', (t) => {
  const target = join(scratch(), 'run');
  mkdirSync(target);
  writeFileSync(join(target, 'a.txt'), 'old');
  writeFileSync(join(target, 'keep.txt'), 'mine');

  const output = StagedOutput.create(target);
  writeFileSync(output.path('a.txt'), 'new');
  output.commit();
  t.is(readFileSync(join(target, 'a.txt'), 'utf8'), 'new');
  t.is(readFileSync(join(target, 'keep.txt'), 'utf8'), 'mine');
  t.deepEqual(readdirSync(join(target, '..')), ['run']);
});

test('StagedOutput abort leaves nothing', (t) => {
  const root = scratch();
  const output = StagedOutput.create(join(root, 'made', 'for', 'run'));
  writeFileSync(output.path('half.bin'), 'partial');

  output.abort();
  output.abort();
  t.deepEqual(readdirSync(root), []);
});

test('StagedOutput rejects a file target', (t) => {
  const root = scratch();
  writeFileSync(join(root, 'file'), '');
  t.throws(() => StagedOutput.create(join(root, 'file')), { message: /--out ".*file" exists and is not a folder/ });
  t.throws(() => StagedOutput.create(join(root, 'file', 'run')), { message: /--out ".*run" is not writable/ });
  t.deepEqual(readdirSync(root), ['file']);
});

test('StagedOutput folder follows umask', (t) => {
  const root = scratch();
  for (const [umask, expectedMode] of [
    [0o022, '755'],
    [0o027, '750'],
  ] as const) {
    const previous = process.umask(umask);
    try {
      const target = join(root, `run-${umask.toString(8)}`);
      const output = StagedOutput.create(target);
      writeFileSync(output.path('a.txt'), 'one');
      output.commit();
      t.is((statSync(target).mode & 0o777).toString(8), expectedMode, `umask 0${umask.toString(8)}`);
    } finally {
      process.umask(previous);
    }
  }
});
