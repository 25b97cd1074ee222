// typedoc plugin: names each entry-point module after the package that contains it.
//
// With one program and explicit entry points, typedoc names a module by its path relative to the
// common directory ("core/src"). Readers import packages by name ("@fusegrad/core"), so this
// plugin reads the name from the nearest package.json above the entry file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module) || reflection.parent !== context.project) return;

    const symbol = context.getSymbolFromReflection(reflection);
    const fileName = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (fileName === undefined) {
      app.logger.warn(`package-module-names: no source file for module ${reflection.name}`);
      return;
    }

    const packageName = findPackageName(dirname(fileName));
    if (packageName === undefined) {
      app.logger.warn(`package-module-names: no package.json above ${fileName}`);
      return;
    }
    reflection.name = packageName;
  });
}

function findPackageName(startDir) {
  for (let dir = startDir; dir !== dirname(dir); dir = dirname(dir)) {
    const manifestPath = join(dir, 'package.json');
    if (existsSync(manifestPath)) return JSON.parse(readFileSync(manifestPath, 'utf8')).name;
  }
  return undefined;
}
