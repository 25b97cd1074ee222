import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, type SiteBuildResult } from './build-site.js';
import { docsPackageRoot } from './workspace.js';

// Builds a fixture package with the site's own configuration, to show that the configuration
// rejects each kind of documentation gap.
const fixtureDir = join(docsPackageRoot, 'fixtures', 'validation');
let outDir: string;
let result: SiteBuildResult;

test.before(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'fusegrad-docs-fixture-'));
  result = await buildSite({
    entryPoints: [join(fixtureDir, 'index.ts')],
    tsconfig: join(fixtureDir, 'tsconfig.json'),
    out: outDir,
    readme: 'none',
    projectDocuments: [],
    packagesRequiringDocumentation: ['docs-validation-fixture'],
  }, true);
});

test.after.always(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function problemsMentioning(text: string): string[] {
  return result.problems.filter((problem) => problem.includes(text));
}

test('validation reports undocumented variable', (t) => {
  t.is(problemsMentioning('undocumentedValue').length, 1, result.problems.join('\n'));
});

test('validation reports undocumented property', (t) => {
  t.is(problemsMentioning('FixtureOptions.size').length, 1, result.problems.join('\n'));
});

test('validation reports broken link', (t) => {
  t.is(problemsMentioning('MissingTarget').length, 1, result.problems.join('\n'));
});

test('validation reports missing example', (t) => {
  t.is(problemsMentioning('withoutExample').length, 1, result.problems.join('\n'));
});

test('validation accepts documented function', (t) => {
  // One problem for each broken rule above, and none for `documented`.
  t.is(result.problems.length, 4, result.problems.join('\n'));
});

test('pages written despite problems', (t) => {
  t.true(result.written);
});
