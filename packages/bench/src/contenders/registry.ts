import type { Contender } from '../contender.js';
import { createCopyContender } from './copy.js';
import { createFusedContender } from './fused.js';
import { createLoopContender } from './loop.js';
import { createTfjsContender } from './tfjs.js';
import { createUnfusedContender } from './unfused.js';

/**
 * Ids of the built-in contenders, in report order: the fused node on `'auto'` and on each gpu.js backend,
 * jsdUnfused, TF.js on its two CPU backends, and the two floors.
 */
export const BUILT_IN_CONTENDER_IDS = [
  'fused-auto',
  'fused-cpu',
  'fused-webasm',
  'fused-headlessgl',
  'fused-webgpu',
  'unfused',
  'tfjs-cpu',
  'tfjs-wasm',
  'loop',
  'copy',
] as const;

const FACTORIES: Record<string, () => Contender> = {
  'fused-auto': () => createFusedContender('auto'),
  'fused-cpu': () => createFusedContender('cpu'),
  'fused-webasm': () => createFusedContender('webasm'),
  'fused-headlessgl': () => createFusedContender('headlessgl'),
  'fused-webgpu': () => createFusedContender('webgpu'),
  unfused: createUnfusedContender,
  'tfjs-cpu': () => createTfjsContender('cpu'),
  'tfjs-wasm': () => createTfjsContender('wasm'),
  loop: createLoopContender,
  copy: createCopyContender,
};

/**
 * Creates a contender by id, looking first at the built-ins and then at the contenders that extra modules export.
 *
 * An extra module is an ES module that exports `contenders`, an array of {@link Contender}; it lets a test or a
 * later package add contenders without changing this list.
 *
 * @param id - A contender id.
 * @param modules - File URLs or paths of extra modules, imported in order.
 * @returns The contender.
 * @throws Error when no built-in or module contender has that id.
 * @example
 * ```ts
 * import { createContender } from '@fusegrad/bench';
 * const loop = await createContender('loop');
 * ```
 */
export async function createContender(id: string, modules: readonly string[] = []): Promise<Contender> {
  const factory = FACTORIES[id];
  if (factory) return factory();

  for (const specifier of modules) {
    const module = (await import(specifier)) as { contenders?: readonly Contender[] };
    const found = module.contenders?.find((contender) => contender.id === id);
    if (found) return found;
  }

  throw new Error(
    `createContender: unknown contender '${id}'; use one of ${Object.keys(FACTORIES).join(', ')} or export it from a module passed as an extra module`,
  );
}
