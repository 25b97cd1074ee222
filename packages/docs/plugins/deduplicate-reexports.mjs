// typedoc plugin: turns a second copy of a re-exported declaration into a reference.
//
// The umbrella package re-exports every package with `export *`. typedoc 0.28 normally documents
// such a re-export as a reference to the page of the package that defines it, but for a few
// functions (those that a variable's type also mentions, such as `FAST_MATH_FUNCTIONS`) it loses
// track of the first conversion and documents the function a second time. The duplicate page
// then shows up in the navigation and the search. This plugin replaces each duplicate with a
// reference to the declaration converted first, in entry-point order.
import { Converter, ReferenceReflection, ReflectionKind } from 'typedoc';

// Before typedoc groups and categorizes the children of each module.
const BEFORE_GROUPING = 1000;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      const project = context.project;
      const firstBySymbol = new Map();

      for (const module of project.children ?? []) {
        for (const child of [...(module.children ?? [])]) {
          if (child.kindOf(ReflectionKind.Reference)) continue;
          const symbolId = project.getSymbolIdFromReflection(child);
          if (symbolId === undefined) continue;

          const key = `${symbolId.fileName}\0${symbolId.pos}\0${symbolId.qualifiedName}`;
          const first = firstBySymbol.get(key);
          if (first === undefined) {
            firstBySymbol.set(key, child);
            continue;
          }

          project.removeReflection(child);
          const reference = new ReferenceReflection(child.name, first, module);
          project.registerReflection(reference, undefined, undefined);
          module.addChild(reference);
        }
      }
    },
    BEFORE_GROUPING,
  );
}
