import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeSample } from './extract-examples.js';
import { repoRoot } from './workspace.js';

/** A sample written to disk and type-checked. */
export interface CompiledSample {
  readonly sample: CodeSample;
  /** Path of the written `.ts` file. */
  readonly sourcePath: string;
  /** Path of the emitted `.js` file. */
  readonly outputPath: string;
  /** tsc's messages for this file, one per line, with line numbers inside the sample; empty when it compiled. */
  readonly errors: string[];
}

/**
 * Writes each sample to `workDir` as its own ES module and type-checks them in one `tsc` program
 * with the workspace's strict options, resolving `'fusegrad'` and `'@fusegrad/*'` to the built
 * packages the way a user's project would.
 */
export function compileSamples(samples: readonly CodeSample[], workDir: string): CompiledSample[] {
  rmSync(workDir, { recursive: true, force: true });
  const sourceDir = join(workDir, 'src');
  const outDir = join(workDir, 'out');
  mkdirSync(sourceDir, { recursive: true });

  const written = samples.map((sample, index) => {
    const stem = `${String(index).padStart(3, '0')}-${slug(sample.origin)}-${slug(sample.name)}`;
    const sourcePath = join(sourceDir, `${stem}.ts`);
    writeFileSync(sourcePath, `${sample.code}\n`);
    return { sample, sourcePath, outputPath: join(outDir, `${stem}.js`) };
  });
  // The package's `"type": "module"` makes these files ES modules, so top-level await works.
  writeFileSync(join(workDir, 'package.json'), '{ "type": "module" }\n');

  const program = ts.createProgram(
    written.map((file) => file.sourcePath),
    compilerOptions(sourceDir, outDir),
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  program.emit();

  return written.map((file) => ({
    ...file,
    errors: diagnostics.filter((d) => d.file?.fileName === file.sourcePath).map(formatDiagnostic),
  }));
}

function compilerOptions(rootDir: string, outDir: string): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.base.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath);

  return {
    ...parsed.options,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    incremental: false,
    // A sample may create a value only to show it; unused names are not an error in a sample.
    noUnusedLocals: false,
    noUnusedParameters: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
    rootDir,
    outDir,
  };
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `sample line ${line + 1}:${character + 1}: ${message}`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
}
