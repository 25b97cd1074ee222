import test from 'ava';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CompiledSample, compileSamples } from './compile-examples.js';
import { type CodeSample, extractGuideSamples, extractPackageExamples } from './extract-examples.js';
import { type ExampleOutcome, runExamples } from './run-examples.js';
import { docsPackageRoot, documentedPackages, guidesDir, repoRoot, sitePages } from './workspace.js';

// Each sample is compiled against the built packages and then run with node. The whole set is
// compiled in one program and run in a few runner processes, because each tsc or node start-up
// costs a second or more.
const workDir = join(docsPackageRoot, 'dist', 'examples');
const runTimeoutMs = 20_000;
// A sample slower than this gets a log line, because every sample runs in every test run.
const slowSampleMs = 3_000;
const parallelRunners = 2;

const packageSamples = documentedPackages().flatMap((pkg) =>
  extractPackageExamples(pkg.name, join(pkg.dir, 'src'), repoRoot),
);
const guideSamples = sitePages().flatMap((path) => extractGuideSamples(relative(repoRoot, path), readFileSync(path, 'utf8')));
const samples: CodeSample[] = [...packageSamples, ...guideSamples];

let compiled: Map<CodeSample, CompiledSample> | undefined;
function compiledSample(sample: CodeSample): CompiledSample {
  compiled ??= new Map(compileSamples(samples, workDir).map((result) => [result.sample, result]));
  return compiled.get(sample)!;
}

// Every sample that compiles runs in the first call; later calls share its result.
let outcomes: Promise<Map<string, ExampleOutcome>> | undefined;
function runOutcome(result: CompiledSample): Promise<ExampleOutcome | undefined> {
  outcomes ??= runExamples(
    samples.map(compiledSample).filter((other) => other.errors.length === 0).map((other) => other.outputPath),
    { cwd: join(workDir, 'cwd'), parallel: parallelRunners, timeoutMs: runTimeoutMs },
  );
  return outcomes.then((map) => map.get(result.outputPath));
}

test('samples found in sources', (t) => {
  t.true(packageSamples.length > 0, 'no @example block found in any package source');
});

test('samples found in guides', (t) => {
  t.true(guideSamples.length > 0, `no ts code block found under ${relative(repoRoot, guidesDir)}`);
});

samples.forEach((sample) => {
  test(`${sample.origin} ${sample.name} (${sample.file}:${sample.line})`, async (t) => {
    const result = compiledSample(sample);
    t.deepEqual(result.errors, [], `${sample.file}:${sample.line} ${sample.name} does not compile:\n${sample.code}`);
    if (result.errors.length > 0) return;

    const outcome = await runOutcome(result);
    t.truthy(outcome, `${sample.file}:${sample.line} ${sample.name} has no run outcome`);
    t.true(outcome?.ok, `${sample.file}:${sample.line} ${sample.name} failed when run:\n${outcome?.message}`);
    if (outcome !== undefined && outcome.milliseconds > slowSampleMs) {
      t.log(`slow sample: ${(outcome.milliseconds / 1000).toFixed(1)} s; keep examples small`);
    }
  });
});
