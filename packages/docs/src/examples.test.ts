import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CompiledSample, compileSamples, runSample } from './compile-examples.js';
import { type CodeSample, extractGuideSamples, extractPackageExamples } from './extract-examples.js';
import { docsPackageRoot, documentedPackages, guidesDir, repoRoot } from './workspace.js';

// Each sample is compiled against the built packages and then run with node. The whole set is
// compiled in one program because one tsc start-up costs several seconds.
const workDir = join(docsPackageRoot, 'dist', 'examples');
const runTimeoutMs = 60_000;
const maxParallelRuns = 2;

const packageSamples = documentedPackages().flatMap((pkg) =>
  extractPackageExamples(pkg.name, join(pkg.dir, 'src'), repoRoot),
);
const guideSamples = existsSync(guidesDir)
  ? readdirSync(guidesDir)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .flatMap((name) => {
        const path = join(guidesDir, name);
        return extractGuideSamples(relative(repoRoot, path), readFileSync(path, 'utf8'));
      })
  : [];
const samples: CodeSample[] = [...packageSamples, ...guideSamples];

let compiled: Map<CodeSample, CompiledSample> | undefined;
function compiledSample(sample: CodeSample): CompiledSample {
  compiled ??= new Map(compileSamples(samples, workDir).map((result) => [result.sample, result]));
  return compiled.get(sample)!;
}

let runningCount = 0;
const waiting: (() => void)[] = [];
async function withRunSlot<T>(run: () => Promise<T>): Promise<T> {
  if (runningCount >= maxParallelRuns) await new Promise<void>((resolve) => waiting.push(resolve));
  runningCount += 1;
  try {
    return await run();
  } finally {
    runningCount -= 1;
    waiting.shift()?.();
  }
}

test('samples found in sources', (t) => {
  t.true(packageSamples.length > 0, 'no @example block found in any package source');
});

test('samples found in guides', (t) => {
  t.true(guideSamples.length > 0, `no ts code block found under ${relative(repoRoot, guidesDir)}`);
});

samples.forEach((sample, index) => {
  test(`${sample.origin} ${sample.name} (${sample.file}:${sample.line})`, async (t) => {
    const result = compiledSample(sample);
    t.deepEqual(result.errors, [], `${sample.file}:${sample.line} ${sample.name} does not compile:\n${sample.code}`);
    if (result.errors.length > 0) return;

    const run = await withRunSlot(() => runSample(result.outputPath, join(workDir, 'cwd', String(index)), runTimeoutMs));
    t.true(
      run.ok,
      `${sample.file}:${sample.line} ${sample.name} failed when run (exit ${run.exit}):\n${run.stderr || run.stdout}`,
    );
  });
});
