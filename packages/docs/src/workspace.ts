import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the fusegrad repository. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Root of this package, `packages/docs`. */
export const docsPackageRoot = join(repoRoot, 'packages', 'docs');

/** Folder of the guide pages that the site includes. */
export const guidesDir = join(repoRoot, 'docs', 'guides');

/** The benchmark page, written by `@fusegrad/bench` and included in the site. */
export const benchmarksPage = join(repoRoot, 'docs', 'benchmarks.md');

/** Lists the Markdown pages of the site: every `docs/guides/*.md` file, then the benchmark page. */
export function sitePages(): string[] {
  const guides = readdirSync(guidesDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(guidesDir, name));
  return existsSync(benchmarksPage) ? [...guides, benchmarksPage] : guides;
}

/** Folder of the built site, as `typedoc.json` sets it. */
export const siteDir = join(repoRoot, 'site');

/** Folder for files that tests leave for people to inspect, such as screenshots. */
export const artifactsDir = join(repoRoot, 'test-artifacts');

/** Folders under `packages/` whose exported APIs the site documents, in typedoc's entry-point order. */
export const documentedPackageFolders = ['core', 'autograd', 'nn', 'losses', 'testing', 'plot', 'distill', 'bench', 'fusegrad'];

/** A workspace package whose sources carry TSDoc. */
export interface DocumentedPackage {
  /** npm name, such as `@fusegrad/losses`. */
  readonly name: string;
  /** Absolute path of the package folder. */
  readonly dir: string;
}

/** Lists the documented packages that exist in this checkout, with their npm names. */
export function documentedPackages(): DocumentedPackage[] {
  return documentedPackageFolders
    .map((folder) => join(repoRoot, 'packages', folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ name: readPackageName(dir), dir }));
}

function readPackageName(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
  return manifest.name;
}
