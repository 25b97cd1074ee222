import { createRequire } from 'node:module';

/** Rendering settings for {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Zoom factor applied to the SVG's own size (default 1); 2 gives a sharper image for high-density screens. */
  readonly scale?: number;
  /** Font family used for `sans-serif` and for text without a known family (default `'DejaVu Sans'`). */
  readonly fontFamily?: string;
  /** Extra font files (TrueType or OpenType paths) to load besides the system fonts. */
  readonly fontFiles?: readonly string[];
}

interface ResvgModule {
  Resvg: new (
    svg: string,
    options: object,
  ) => { render(): { asPng(): Uint8Array; width: number; height: number } };
}

let resvgModule: ResvgModule | undefined;

/**
 * Rasterises an SVG document to PNG bytes with resvg (`@resvg/resvg-js`).
 *
 * Text is drawn with the fonts installed on the system (for example Debian's `fonts-dejavu-core`) plus
 * `fontFiles`; when no font is found, resvg leaves text out without an error.
 *
 * @param svg - A complete SVG document, for example from {@link lineChart}.
 * @param options - Zoom factor and fonts.
 * @returns The PNG file contents.
 * @throws Error when the resvg native binary cannot be loaded, `scale` is not a positive finite number, or resvg
 *   cannot parse the SVG.
 * @example
 * ```ts
 * import { lineChart, svgToPng } from '@fusegrad/plot';
 *
 * const png = svgToPng(lineChart([{ name: 'loss', x: [0, 1], y: [1, 0.5] }]));
 * console.log(png.length > 0);
 * ```
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`svgToPng: scale is ${scale}; pass a positive number such as 1 or 2`);
  }

  const { Resvg } = loadResvg();
  const fontFamily = options.fontFamily ?? 'DejaVu Sans';
  let renderer;
  try {
    renderer = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      font: {
        loadSystemFonts: true,
        fontFiles: [...(options.fontFiles ?? [])],
        defaultFontFamily: fontFamily,
        sansSerifFamily: fontFamily,
      },
    });
  } catch (error) {
    throw new Error(`svgToPng: resvg could not parse the SVG (${(error as Error).message}); pass a complete SVG document`);
  }
  return renderer.render().asPng();
}

function loadResvg(): ResvgModule {
  if (resvgModule) return resvgModule;

  // Loaded on first use, so that the SVG functions work on machines where the native binary is missing.
  try {
    resvgModule = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  } catch (error) {
    throw new Error(
      `svgToPng: the @resvg/resvg-js native binary failed to load (${(error as Error).message}); ` +
        'reinstall dependencies with pnpm install on this platform, or write the SVG only',
    );
  }
  return resvgModule;
}
