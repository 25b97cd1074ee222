import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { formatTable, helpText, parseCommandLine, TASK_DEFAULTS } from '@fusegrad/distill';
import { typedocConfigPath } from './build-site.js';
import { extractFencedBlocks } from './extract-examples.js';
import { docsPackageRoot, repoRoot, sitePages } from './workspace.js';

// The TypeScript blocks of the guides run in examples.test.ts. This file checks the other blocks:
// shell commands must parse and use real scripts and options, and sample output must match the
// format the code prints.
const shellLanguages = new Set(['sh', 'bash', 'shell']);
// pnpm commands that the guides may use as they are; `pnpm build` and `pnpm test` run the root scripts.
const pnpmBuiltins = new Set(['install', 'exec', 'build', 'test']);
const rootScripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: object }).scripts);

const workspaceScripts = new Map(
  readdirSync(join(repoRoot, 'packages'))
    .map((folder) => join(repoRoot, 'packages', folder, 'package.json'))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')) as { name: string; scripts?: object })
    .map((manifest) => [manifest.name, Object.keys(manifest.scripts ?? {})] as const),
);
const guidePages = sitePages().map((path) => ({ name: relative(repoRoot, path), path, text: readFileSync(path, 'utf8') }));
const shellBlocks = guidePages.flatMap((page) =>
  extractFencedBlocks(page.text)
    .filter((block) => shellLanguages.has(block.language))
    .map((block) => ({ ...block, page: page.name })),
);
const distillationPage = guidePages.find((page) => page.name === 'docs/guides/distillation.md');

/** Splits a command line into words, dropping leading `NAME=value` environment assignments. */
function commandWords(line: string): string[] {
  const words = line.trim().split(/\s+/);
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words.shift();
  return words;
}

test('guides contain shell blocks', (t) => {
  t.true(shellBlocks.length > 0);
});

for (const block of shellBlocks) {
  test(`shell block ${block.page}:${block.line}`, (t) => {
    const syntax = spawnSync('bash', ['-n'], { input: block.code, encoding: 'utf8' });
    t.is(syntax.status, 0, `bash -n rejects ${block.page}:${block.line}: ${syntax.stderr}`);

    for (const line of block.code.split('\n').filter((text) => text.trim() !== '')) {
      const words = commandWords(line.replace(/\s#.*$/, ''));
      if (words[0] !== 'pnpm') continue;

      // `pnpm --filter PACKAGE run SCRIPT`: the script of that workspace package.
      if (words[1] === '--filter') {
        const packageScripts = workspaceScripts.get(words[2]!);
        t.truthy(packageScripts, `${line}: no workspace package is named ${words[2]}`);
        t.true(words[3] === 'run' && packageScripts?.includes(words[4]!) === true, `${line}: ${words[2]} has no script ${words[4]}`);
        continue;
      }

      // `pnpm run NAME` runs a script; a bare `pnpm NAME` runs pnpm's own command of that name if there is one.
      const script = words[1] === 'run' ? words[2]! : words[1]!;
      const isScript = rootScripts.includes(script);
      t.true(isScript || (words[1] !== 'run' && pnpmBuiltins.has(script)), `${line}: pnpm ${script} is not a root package.json script`);
      t.false(words[1] === 'docs', `${line}: pnpm docs opens the npm page; write pnpm run docs`);
      if (script === 'distill') {
        const args = words.slice(2);
        t.notThrows(() => parseCommandLine(args, tmpdir()), `${line}: distill rejects these options`);

        // The same arguments through pnpm, the way the root script passes them; --help stops the
        // command before it trains.
        const run = spawnSync('pnpm', ['--silent', '--filter', '@fusegrad/distill', 'run', 'distill', '--', ...args, '--help'], {
          cwd: repoRoot,
          encoding: 'utf8',
        });
        t.is(run.status, 0, `${line}: the distill command exits with ${run.status} through pnpm: ${run.stderr}`);
        t.regex(run.stdout, /^Usage: distill/m, `${line}: the distill command did not print its help through pnpm`);
      }
    }
  });
}

test('distillation guide names real options', (t) => {
  const help = helpText();
  const options = new Set(distillationPage!.text.match(/--[a-z][a-z-]*/g) ?? []);

  t.true(options.size > 0);
  for (const option of options) {
    t.true(help.includes(`${option} `), `${option} is not in distill --help`);
  }
});

test('distillation guide defaults match', (t) => {
  const { mnist, brown } = TASK_DEFAULTS;
  const limit = (value: number | null) => (value === null ? 'all' : String(value));
  const expected: Record<string, [string, string]> = {
    '--epochs': [String(mnist.epochs), String(brown.epochs)],
    '--teacher-epochs': [String(mnist.teacherEpochs), String(brown.teacherEpochs)],
    '--temperature': [String(mnist.temperature), String(brown.temperature)],
    '--alpha': [String(mnist.alpha), String(brown.alpha)],
    '--student-hidden': [mnist.studentHidden.join(','), brown.studentHidden.join(',')],
    '--student-examples': [limit(mnist.studentExamples), limit(brown.studentExamples)],
  };

  for (const [option, [mnistValue, brownValue]] of Object.entries(expected)) {
    const row = distillationPage!.text.split('\n').find((line) => line.startsWith(`| \`${option}\` |`));
    t.truthy(row, `the options table has no row for ${option}`);
    const cell = (row?.split('|').at(-2) ?? '').trim();

    // A cell is either "N (mnist), M (brown)" or one value shared by both tasks.
    if (cell.includes('(mnist)')) {
      t.true(cell.includes(`${mnistValue} (mnist)`), `${option}: table says "${cell}", the code's mnist default is ${mnistValue}`);
      t.true(cell.includes(`${brownValue} (brown)`), `${option}: table says "${cell}", the code's brown default is ${brownValue}`);
    } else {
      t.is(cell.replaceAll('`', ''), mnistValue, `${option}: table says "${cell}", the code's mnist default is ${mnistValue}`);
      t.is(mnistValue, brownValue, `${option}: table gives one default "${cell}", but brown's is ${brownValue}`);
    }
  }
});

test('distillation sample table matches format', (t) => {
  const sample = extractFencedBlocks(distillationPage!.text).find((block) => block.language === 'text' && block.code.startsWith('model '));
  t.truthy(sample, 'distillation.md has no sample output table');

  const columns = (headerLine: string) => headerLine.trim().split(/\s{2,}/);
  const printedHeader = formatTable('mnist', []).split('\n')[0]!;
  t.deepEqual(columns(sample!.code.split('\n')[0]!), columns(printedHeader));
});

test('site includes every guide', (t) => {
  const config = JSON.parse(readFileSync(typedocConfigPath, 'utf8')) as { readme: string; projectDocuments: string[] };
  const included = [config.readme, ...config.projectDocuments].map((path) => resolve(docsPackageRoot, path));

  for (const page of guidePages) {
    t.true(included.includes(page.path), `${page.name} is not in typedoc.json's readme or projectDocuments`);
  }
});
