/**
 * Source-level inlining of the fast-math helpers into kernel sources.
 *
 * gpu.js's webasm backend vectorizes a kernel body as f32x4 SIMD but calls
 * helper functions once per lane, which made the helper calls about 40% of
 * the JSD kernel's time (gpu.js 2.24.1, measured with the bench script in
 * this folder). The helpers stay the single definition of the arithmetic;
 * this module copies their bodies into the kernel source before gpu.js
 * parses it.
 */

/** A helper in the form the inliner accepts: `function name(param) { ...; return expression; }`. */
interface ParsedHelper {
  readonly name: string;
  readonly parameter: string;
  readonly statements: string;
  readonly result: string;
  readonly locals: readonly string[];
}

/**
 * Replaces every statement `const target = helper(argument);` in a kernel
 * source with the helper's statements, its locals renamed apart, and
 * `const target = <returned expression>;`.
 *
 * Helpers must have one parameter, declare their locals with `const` or
 * `let`, call no other helper and end with their only `return`. Call sites
 * must pass a plain identifier.
 *
 * @param kernelSource - Source text of a kernel function.
 * @param helpers - The helper functions to inline.
 * @returns The kernel source without calls to those helpers.
 * @throws Error when a helper does not have the accepted form, or a call to one remains in a form the inliner cannot replace.
 */
export function inlineHelpers(kernelSource: string, helpers: readonly ((...args: never[]) => unknown)[]): string {
  let source = kernelSource;
  let site = 0;
  for (const helper of helpers) {
    const parsed = parseHelper(helper.toString());
    const call = new RegExp(`const (\\w+) = ${parsed.name}\\((\\w+)\\);`, 'g');
    source = source.replace(call, (_match, target: string, argument: string) => {
      site++;
      return expandCall(parsed, target, argument, `_${parsed.name}${site}`);
    });
    if (new RegExp(`(?<![.\\w])${parsed.name}\\(`).test(source)) {
      throw new Error(
        `inlineHelpers: a call to ${parsed.name} is not of the form "const target = ${parsed.name}(identifier);"`,
      );
    }
  }
  return source;
}

function parseHelper(helperSource: string): ParsedHelper {
  const withoutComments = helperSource.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const match = /^function\s+(\w+)\s*\(\s*(\w+)\s*\)\s*\{([\s\S]*)\}\s*$/.exec(withoutComments.trim());
  if (match === null) {
    throw new Error(`inlineHelpers: expected "function name(param) { ... }", got ${helperSource.slice(0, 60)}`);
  }
  const [, name, parameter, body] = match as unknown as [string, string, string, string];
  const returns = body.match(/\breturn\b/g) ?? [];
  const final = /\breturn\s+([\s\S]*?);\s*$/.exec(body);
  if (returns.length !== 1 || final === null) {
    throw new Error(`inlineHelpers: ${name} must end with its only return statement`);
  }
  const locals = Array.from(body.matchAll(/\b(?:const|let)\s+(\w+)/g), (local) => local[1]!);
  return { name, parameter, statements: body.slice(0, final.index), result: final[1]!, locals };
}

function expandCall(helper: ParsedHelper, target: string, argument: string, suffix: string): string {
  const rename = (text: string): string => {
    let renamed = text;
    for (const local of helper.locals) {
      renamed = renamed.replace(identifierPattern(local), `${local}${suffix}`);
    }
    return renamed.replace(identifierPattern(helper.parameter), argument);
  };
  return `${rename(helper.statements).trim()}\n const ${target} = ${rename(helper.result)};`;
}

/** Matches a whole identifier that is not a property name (`.x`). */
function identifierPattern(name: string): RegExp {
  return new RegExp(`(?<![.\\w$])${name}(?![\\w$])`, 'g');
}
