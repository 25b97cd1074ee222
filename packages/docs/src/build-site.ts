import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import {
  Application,
  LogLevel,
  type Options,
  type OptionsReader,
  type TypeDocOptions,
  TSConfigReader,
  TypeDocReader,
} from 'typedoc';
import { docsPackageRoot } from './workspace.js';

/** Outcome of one typedoc run. */
export interface SiteBuildResult {
  /** Warnings and errors, in the order typedoc logged them. */
  readonly problems: string[];
  /** Whether the HTML was written; false when the options are invalid or the program does not convert. */
  readonly written: boolean;
}

/** Path of the typedoc configuration that `pnpm docs` uses. */
export const typedocConfigPath = join(docsPackageRoot, 'typedoc.json');

/**
 * Builds the site with `typedoc.json`, validates it and writes the HTML.
 *
 * Unlike the typedoc command, this writes the pages even when validation reports problems, so
 * the pages of an undocumented export can be inspected. The problems still fail the build.
 *
 * @param overrides - Options that replace those of `typedoc.json`, such as `entryPoints` or `out`.
 * @param quiet - Whether to keep typedoc's messages off the console; the problems are returned either way.
 */
export async function buildSite(overrides: Partial<TypeDocOptions> = {}, quiet = false): Promise<SiteBuildResult> {
  const app = await Application.bootstrapWithPlugins({ options: typedocConfigPath }, [
    new TypeDocReader(),
    new TSConfigReader(),
    new OverridesReader(overrides),
  ]);
  const problems: string[] = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message: string, level: LogLevel) => {
    // typedoc colours its prefixes for terminals; the stored text is for assertion messages.
    if (level >= LogLevel.Warn) problems.push(stripVTControlCharacters(message));
    if (!quiet) log(message, level);
  };
  if (app.logger.hasErrors()) return { problems: ['typedoc options are invalid; see the messages above'], written: false };

  const project = await app.convert();
  if (project === undefined) {
    return { problems: [...problems, 'typedoc could not convert the project; see the errors above'], written: false };
  }

  app.validate(project);
  await app.generateOutputs(project);
  return { problems, written: true };
}

// typedoc applies the options given to bootstrapWithPlugins before its readers, so typedoc.json
// would replace them. This reader runs after typedoc.json (order 100) and before the tsconfig
// reader (order 200), so an overridden `tsconfig` is the one that gets read.
class OverridesReader implements OptionsReader {
  readonly name = 'fusegrad-overrides';
  readonly order = 150;
  readonly supportsPackages = false;

  constructor(private readonly overrides: Partial<TypeDocOptions>) {}

  read(container: Options): void {
    for (const [name, value] of Object.entries(this.overrides)) {
      container.setValue(name as keyof TypeDocOptions, value as never);
    }
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const result = await buildSite();
  if (result.problems.length > 0) {
    console.error(`\nDocs build failed: ${result.problems.length} problem(s). Each export needs TSDoc; links must resolve.`);
    process.exitCode = 1;
  }
}
