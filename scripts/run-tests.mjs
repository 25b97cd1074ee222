#!/usr/bin/env node
// Runs each workspace package's ava suite in turn and prints one closing line,
// "N passed, N failed, N skipped", for the whole workspace.
//
// The headlessgl backend needs an X display, so without one the script starts
// itself again under xvfb-run (Debian's xvfb package) when that is installed.
// Usage: node scripts/run-tests.mjs [package-folder ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

if (!process.env.DISPLAY && !process.env.FUSEGRAD_NO_XVFB && hasCommand('xvfb-run')) {
  const rerun = spawnSync(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, FUSEGRAD_NO_XVFB: '1' } },
  );
  process.exit(rerun.status ?? 1);
}

const requested = process.argv.slice(2);
const packageDirs = (requested.length > 0 ? requested : readdirSync(join(root, 'packages')))
  .map((name) => join(root, 'packages', name.replace(/^packages\//, '')))
  .filter((dir) => existsSync(join(dir, 'package.json')));

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedPackages = [];

for (const dir of packageDirs) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;

  console.log(`\n=== ${manifest.name}`);
  const started = Date.now();
  const run = spawnSync('pnpm', ['run', '--silent', 'test'], { cwd: dir, encoding: 'utf8', env: process.env });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  process.stdout.write(output);

  const counts = parseAvaSummary(output);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  // A crash before ava's summary counts as one failure, so it cannot pass unnoticed.
  if (run.status !== 0) {
    failedPackages.push(manifest.name);
    if (counts.failed === 0) totals.failed += 1;
  }
  console.log(`--- ${manifest.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (failedPackages.length > 0) console.log(`\nFailed packages: ${failedPackages.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedPackages.length > 0 || totals.passed === 0 ? 1 : 0);

/** Reads ava's closing counts ("12 tests passed", "1 test failed", "2 tests skipped", "1 known failure"). */
function parseAvaSummary(output) {
  const count = (pattern) => {
    const match = output.match(pattern);
    return match ? Number(match[1]) : 0;
  };
  // With any failure ava prints no "N tests passed" line, so passes are then counted one by one.
  const passedLines = output.split('\n').filter((line) => /^\s+✔ /.test(line)).length;
  return {
    passed: count(/(\d+) tests? passed/) || passedLines,
    failed: count(/(\d+) tests? failed/) + count(/(\d+) uncaught exceptions?/) + count(/(\d+) unhandled rejections?/),
    skipped: count(/(\d+) tests? skipped/) + count(/(\d+) tests? todo/),
  };
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
