import test from 'ava';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildSite, type SiteBuildResult } from './build-site.js';
import { serveDirectory, type StaticServer } from './static-server.js';
import { artifactsDir, siteDir } from './workspace.js';

// Debian's Chromium, started with flags that keep it from reaching the network or needing a GPU.
const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const jsdPagePath = 'functions/_fusegrad_losses.jsd.html';
const screenshotPath = join(artifactsDir, 'jsd-page.png');

let build: SiteBuildResult;
let server: StaticServer | undefined;
let browser: Browser | undefined;

test.before(async () => {
  // The problems are in the assertion message below, so typedoc's own console output would repeat them.
  build = await buildSite({}, true);
  server = await serveDirectory(siteDir);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
});

test.after.always(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(path: string): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 1024 } });
  const response = await page.goto(new URL(path, server!.url).href);
  if (response === null || !response.ok()) throw new Error(`site page ${path} returned HTTP ${response?.status()}`);
  return page;
}

test('site build passes validation', (t) => {
  t.true(build.written, 'typedoc did not write the site');
  t.is(
    build.problems.length,
    0,
    `typedoc reported ${build.problems.length} problem(s); every export needs TSDoc and every link must resolve:\n${build.problems.join('\n')}`,
  );
});

test('jsd page shows formula and example', async (t) => {
  const page = await openPage(jsdPagePath);
  const content = page.locator('.col-content');
  const text = await content.innerText();

  // The mixture and the two KL limits, as the jsd TSDoc states them.
  t.regex(text, /M = beta P \+ \(1 - beta\) Q/, 'the jsd page does not show the mixture formula');
  t.regex(text, /forward KL\(P \|\| Q\)/, 'the jsd page does not show the beta = 0 formula');

  const exampleHeading = content.locator('h4#example');
  t.true(await exampleHeading.isVisible(), 'the jsd page has no visible Example heading');
  const exampleCode = await content.locator('h4#example + pre code').innerText();
  t.regex(exampleCode, /import \{[^}]*\bjsd\b[^}]*\} from 'fusegrad'/, `the example does not import jsd: ${exampleCode}`);
  t.regex(exampleCode, /jsd\(/, `the example does not call jsd: ${exampleCode}`);

  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  t.true(statSync(screenshotPath).size > 10_000, `the screenshot ${screenshotPath} is nearly empty`);
  await page.close();
});

test('search finds JSDFunction', async (t) => {
  const page = await openPage('index.html');

  await page.locator('#tsd-search-trigger').click();
  await page.locator('#tsd-search-input').fill('JSDFunction');
  // The class page, not the umbrella package's re-export, which links to the module page.
  const classResult = page.locator('#tsd-search-results li a[href$="JSDFunction.html"]').first();
  await classResult.waitFor({ timeout: 10_000 });

  t.regex(await classResult.innerText(), /JSDFunction/);
  await classResult.click();
  await page.waitForLoadState();
  t.regex(page.url(), /JSDFunction\.html$/);
  t.regex(await page.locator('h1').innerText(), /JSDFunction/);
  await page.close();
});

test('guide pages render with images', async (t) => {
  const pages = readdirSync(join(siteDir, 'documents')).filter((name) => name.endsWith('.html'));
  t.true(pages.length >= 5, `expected the four guides and the benchmark page, found ${pages.join(', ')}`);

  for (const name of pages) {
    const page = await openPage(`documents/${name}`);
    t.regex(await page.locator('.col-content h1').first().innerText(), /\S/, `${name} has no heading`);

    // A chart that typedoc did not copy into media/ would load as a broken image.
    const images = await page.locator('.col-content img').evaluateAll((elements) =>
      elements.map((element) => ({ src: element.getAttribute('src'), width: (element as unknown as { naturalWidth: number }).naturalWidth })),
    );
    for (const image of images) t.true(image.width > 0, `${name}: image ${image.src} did not load`);
    await page.close();
  }
});
