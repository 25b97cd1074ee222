/**
 * A Node.js module resolve hook that lets Node load `@tensorflow/tfjs-core`'s ES module build (`dist/*.js`), whose
 * relative imports omit the `.js` extension that Node requires. The bench needs that build for one file,
 * `dist/register_all_gradients.js`: tfjs-core's CommonJS bundle registers no gradients, and the gradients live only
 * there (the `@tensorflow/tfjs` umbrella package imports it for its users). The gradient and kernel registries are
 * process-wide globals in TF.js, so gradients registered through this build serve the bundle's `tf.valueAndGrad`.
 *
 * @packageDocumentation
 */

interface ResolveContext {
  readonly parentURL?: string;
}

type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

/**
 * Adds `.js` (or `/index.js` for a folder) to extension-less relative imports made from tfjs-core's `dist` folder,
 * and leaves every other import to Node.
 *
 * @param specifier - The import specifier.
 * @param context - Node's resolve context.
 * @param nextResolve - The next resolver in Node's chain.
 * @returns The resolution.
 */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<unknown> {
  const fromTfjsCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') ?? false;
  if (!fromTfjsCore || !specifier.startsWith('.') || /\.[cm]?js$/.test(specifier)) {
    return nextResolve(specifier, context);
  }

  try {
    return await nextResolve(`${specifier}.js`, context);
  } catch {
    return nextResolve(`${specifier}/index.js`, context);
  }
}
