// typedoc plugin: repairs {@link} targets in comments that a class inherits from a base class.
//
// typedoc 0.28 resolves `{@link Module.train}` with TypeScript's symbol of the link target. A
// subclass of a generic class (`class JSD extends Module<[Tensor, Tensor], Tensor>`) inherits the
// comment, and there TypeScript returns an instantiated copy of that symbol. Its id differs from
// the id typedoc recorded for `Module.train`, so typedoc reports the link as pointing to something
// undocumented. This plugin maps such a target to the declaration at the same source position
// before typedoc resolves links.
//
// A link that the base class resolves by name in its own package, such as `{@link Dropout}` in
// `Module.train`, does not resolve from a subclass in another package. After typedoc resolves
// links, this plugin resolves the links that are still broken in an inherited comment again, from
// the member that the comment comes from.
import { Converter, ReflectionSymbolId } from 'typedoc';

// typedoc's link resolver listens to EVENT_RESOLVE_END at priority -300; higher runs earlier.
const BEFORE_LINK_RESOLVER = -200;
const AFTER_LINK_RESOLVER = -400;
const linkTags = new Set(['@link', '@linkcode', '@linkplain']);

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

  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      for (const reflection of Object.values(context.project.reflections)) {
        const source = reflection.inheritedFrom?.reflection;
        const comment = reflection.comment;
        if (source === undefined || comment === undefined) continue;

        if (hasBrokenLink(comment.summary)) comment.summary = app.converter.resolveLinks(comment.summary, source);
        for (const tag of comment.blockTags) {
          if (hasBrokenLink(tag.content)) tag.content = app.converter.resolveLinks(tag.content, source);
        }
      }
    },
    AFTER_LINK_RESOLVER,
  );
}

function hasBrokenLink(parts) {
  return parts.some(
    (part) => part.kind === 'inline-tag' && linkTags.has(part.tag) && (part.target === undefined || part.target instanceof ReflectionSymbolId),
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
