// typedoc plugin: names a Markdown document without a `title` in its front matter after its first
// heading, so a page such as docs/benchmarks.md appears as "Benchmarks" in the navigation instead
// of its file name. Pages with a front matter title keep it.
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    const fileStem = app.files.getReflectionPath?.(document)?.replace(/^.*\//, '').replace(/\.md$/, '');
    const namedAfterFile = document.name === fileStem || document.name.endsWith(`/${fileStem}`);
    if (!namedAfterFile) return;

    const firstText = document.content.find((part) => part.kind === 'text')?.text ?? '';
    const heading = /^\s*# +(.+?)\s*$/m.exec(firstText.split('\n').find((line) => line.trim() !== '') ?? '');
    if (heading) document.name = heading[1];
  });
}
