import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One TypeScript code sample found in a TSDoc `@example` block or a guide page. */
export interface CodeSample {
  /** Where the sample came from: the package name for sources, `guide` for guide pages. */
  readonly origin: string;
  /** File that contains the sample, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the `@example` tag or of the opening fence. */
  readonly line: number;
  /** Documented name, such as `jsd` or `Tensor.item`, or the guide's file name. */
  readonly name: string;
  /** Source text of the sample. */
  readonly code: string;
}

/** A fenced code block of a Markdown page. */
export interface FencedBlock {
  /** Info string after the opening fence, such as `ts`; empty when none. */
  readonly language: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Text between the fences. */
  readonly code: string;
}

const typescriptLanguages = new Set(['ts', 'typescript']);

/**
 * Finds the `@example` blocks of every TSDoc comment in one source file.
 *
 * A fenced block inside `@example` is the sample. An `@example` without a fence is taken whole,
 * because TSDoc and typedoc render such a block as code.
 */
export function extractSourceExamples(origin: string, file: string, text: string): CodeSample[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const samples: CodeSample[] = [];

  const visit = (node: ts.Node): void => {
    for (const doc of jsDocNodesOf(node)) {
      const startLine = sourceFile.getLineAndCharacterOfPosition(doc.getStart(sourceFile)).line + 1;
      for (const example of examplesOfComment(doc.getText(sourceFile), startLine)) {
        samples.push({ origin, file, line: example.line, name: declarationName(node), code: example.code });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  return samples;
}

/** Reads every non-test `.ts` file under `srcDir` and returns their `@example` samples. */
export function extractPackageExamples(origin: string, srcDir: string, repoRoot: string): CodeSample[] {
  return listSourceFiles(srcDir).flatMap((path) =>
    extractSourceExamples(origin, relative(repoRoot, path), readFileSync(path, 'utf8')),
  );
}

/** Splits a Markdown page into its fenced code blocks (backtick fences, as CommonMark defines them). */
export function extractFencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; language: string; line: number; body: string[] } | null = null;

  lines.forEach((lineText, index) => {
    if (open === null) {
      const opening = /^ {0,3}(`{3,})\s*([^`\s]*)/.exec(lineText);
      if (opening) open = { fence: opening[1]!, language: opening[2]!, line: index + 1, body: [] };
      return;
    }

    const closing = /^ {0,3}(`{3,})\s*$/.exec(lineText);
    if (closing && closing[1]!.length >= open.fence.length) {
      blocks.push({ language: open.language, line: open.line, code: open.body.join('\n') });
      open = null;
      return;
    }
    open.body.push(lineText);
  });

  return blocks;
}

/** Returns the TypeScript blocks of a guide page as samples named after the page. */
export function extractGuideSamples(file: string, markdown: string): CodeSample[] {
  const name = file.replace(/^.*\//, '');
  return extractFencedBlocks(markdown)
    .filter((block) => typescriptLanguages.has(block.language))
    .map((block) => ({ origin: 'guide', file, line: block.line, name, code: block.code }));
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSourceFiles(path);
      const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts');
      return isSource ? [path] : [];
    })
    .sort();
}

function jsDocNodesOf(node: ts.Node): ts.JSDoc[] {
  // The parser attaches `jsDoc` to the declaration that follows the comment; the public helpers
  // also return the comments of parent nodes, which would report a sample twice.
  const attached = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  return attached ?? [];
}

function declarationName(node: ts.Node): string {
  const own = ownName(node);
  const container = node.parent && (ts.isClassLike(node.parent) || ts.isInterfaceDeclaration(node.parent)) ? ownName(node.parent) : '';
  return container && own ? `${container}.${own}` : own || '(anonymous)';
}

function ownName(node: ts.Node): string {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const name = (node as { name?: ts.Node }).name;
  return name ? name.getText() : '';
}

interface RawExample {
  readonly line: number;
  readonly code: string;
}

function examplesOfComment(commentText: string, startLine: number): RawExample[] {
  const lines = commentText
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
  const examples: RawExample[] = [];
  let current: { line: number; body: string[] } | null = null;
  let inFence = false;

  lines.forEach((line, index) => {
    const startsTag = !inFence && /^\s*@\w+/.test(line);
    if (startsTag) {
      if (current) examples.push(...toExamples(current));
      current = /^\s*@example\b/.test(line) ? { line: startLine + index, body: [line.replace(/^\s*@example\b\s?/, '')] } : null;
      return;
    }
    if (/^\s*`{3,}/.test(line)) inFence = !inFence;
    current?.body.push(line);
  });
  if (current) examples.push(...toExamples(current));

  return examples;
}

// Each fenced block of an `@example` is a program of its own, so two alternatives may import the
// same names.
function toExamples(section: { line: number; body: string[] }): RawExample[] {
  const text = section.body.join('\n');
  const blocks = extractFencedBlocks(text);
  if (blocks.length === 0) return [{ line: section.line, code: text.trim() }];

  const fenced = blocks.filter((block) => block.language === '' || typescriptLanguages.has(block.language));
  return fenced.map((block) => ({ line: section.line + block.line - 1, code: block.code }));
}
