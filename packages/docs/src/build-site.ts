import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Application, LogLevel, type TypeDocOptions, TSConfigReader, TypeDocReader } from 'typedoc';
import { docsPackageRoot } from './workspace.js';

/** Outcome of one typedoc run. */
export interface SiteBuildResult {
  /** Warnings and errors, in the order typedoc logged them. */
  readonly problems: string[];
  /** Whether the HTML was written (it is, unless the TypeScript program failed to compile). */
  readonly written: boolean;
}

/** Path of the typedoc configuration that `pnpm docs` uses. */
export const typedocConfigPath = join(docsPackageRoot, 'typedoc.json');

/**
 * Builds the site with `typedoc.json`, validates it and writes the HTML.
 *
 * Unlike the typedoc command, this writes the pages even when validation reports problems, so
 * the pages of an undocumented export can be inspected; the problems still fail the build.
 *
 * @param overrides - Options that replace those of `typedoc.json`, such as `entryPoints` or `out`.
 */
export async function buildSite(overrides: Partial<TypeDocOptions> = {}): Promise<SiteBuildResult> {
  const app = await Application.bootstrapWithPlugins({ options: typedocConfigPath, ...overrides }, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  const problems: string[] = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message: string, level: LogLevel) => {
    if (level >= LogLevel.Warn) problems.push(message);
    log(message, level);
  };
  if (app.logger.hasErrors()) return { problems: ['typedoc options are invalid; see the messages above'], written: false };

  const project = await app.convert();
  if (project === undefined) return { problems: [...problems, 'the TypeScript program does not compile'], written: false };

  app.validate(project);
  await app.generateOutputs(project);
  return { problems, written: true };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const result = await buildSite();
  if (result.problems.length > 0) {
    console.error(`\nDocs build failed: ${result.problems.length} problem(s). Each export needs TSDoc; links must resolve.`);
    process.exitCode = 1;
  }
}
