// typedoc plugin: reports an exported function or class whose documentation has no @example block.
//
// The docs tests compile and run every @example, so an example is the part of the documentation
// that cannot go stale. Types, interfaces and members are exempt because a usage example of the
// function or class that takes them shows them in context.
import { Application, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const required = new Set(app.options.getValue('packagesRequiringDocumentation'));

    for (const reflection of project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class)) {
      if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) continue;
      const packageName = project.getSymbolIdFromReflection(reflection)?.packageName;
      if (packageName === undefined || !required.has(packageName)) continue;

      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((signature) => signature.comment)];
      const hasExample = comments.some((comment) => comment?.getTag('@example') !== undefined);
      if (!hasExample) {
        app.logger.validationWarning(
          `${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}) has no @example block; ` +
            'add one that imports from the package, because the docs tests compile and run it',
        );
      }
    }
  });
}
