// typedoc plugin: repairs {@link} targets in comments that a class inherits from a generic base class.
//
// typedoc 0.28 resolves `{@link Module.train}` with TypeScript's symbol of the link target. A
// subclass of a generic class (`class JSD extends Module<[Tensor, Tensor], Tensor>`) inherits the
// comment, and there TypeScript returns an instantiated copy of that symbol. Its id differs from
// the id typedoc recorded for `Module.train`, so typedoc reports the link as pointing to something
// undocumented. This plugin maps such a target to the declaration at the same source position
// before typedoc resolves links.
import { Converter, ReflectionSymbolId } from 'typedoc';

// typedoc's link resolver listens to EVENT_RESOLVE_END at priority -300; higher runs earlier.
const BEFORE_LINK_RESOLVER = -200;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      let declarationsByPosition;

      const repair = (parts) => {
        for (const part of parts ?? []) {
          if (!(part.target instanceof ReflectionSymbolId)) continue;
          if (project.getReflectionsFromSymbolId(part.target).length > 0) continue;

          declarationsByPosition ??= indexDeclarations(project);
          const declaration = declarationsByPosition.get(positionKey(part.target));
          if (declaration !== undefined) part.target = declaration;
        }
      };

      repair(project.readme);
      for (const reflection of Object.values(project.reflections)) {
        repair(reflection.comment?.summary);
        for (const tag of reflection.comment?.blockTags ?? []) repair(tag.content);
        if (reflection.isDocument?.()) repair(reflection.content);
      }
    },
    BEFORE_LINK_RESOLVER,
  );
}

function positionKey(symbolId) {
  return `${symbolId.fileName}\0${symbolId.pos}\0${symbolId.qualifiedName}`;
}

function indexDeclarations(project) {
  const index = new Map();
  for (const reflection of Object.values(project.reflections)) {
    const symbolId = project.getSymbolIdFromReflection(reflection);
    if (symbolId !== undefined && !index.has(positionKey(symbolId))) index.set(positionKey(symbolId), symbolId);
  }
  return index;
}
