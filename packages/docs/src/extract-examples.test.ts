import test from 'ava';
import fc from 'fast-check';

import { extractFencedBlocks, extractGuideSamples, extractSourceExamples, type FencedBlock } from './extract-examples.js';

const source = `
/**
 * Adds one.
 *
 * @param x - A number.
 * @example
 * \`\`\`ts
 * import { addOne } from 'fusegrad';
 * @notATagInsideAFence
 * console.log(addOne(1));
 * \`\`\`
 * @returns x + 1.
 */
export function addOne(x: number): number {
  return x + 1;
}

/** A counter. */
export class Counter {
  /**
   * Increments the count.
   *
   * @example First form
   * \`\`\`ts
   * const a = 1;
   * \`\`\`
   * @example
   * \`\`\`sh
   * echo not typescript
   * \`\`\`
   * \`\`\`typescript
   * const b = 2;
   * \`\`\`
   */
  increment(): void {}
}

/**
 * @example
 * const bare = 3;
 */
export const value = 1;
`;

test('extract finds function example', (t) => {
  const [first] = extractSourceExamples('pkg', 'src/a.ts', source);
  t.is(first?.name, 'addOne');
  t.is(first?.line, 7);
  t.is(first?.code, "import { addOne } from 'fusegrad';\n@notATagInsideAFence\nconsole.log(addOne(1));");
});

test('extract names class members', (t) => {
  const samples = extractSourceExamples('pkg', 'src/a.ts', source);
  const memberSamples = samples.filter((sample) => sample.name === 'Counter.increment');
  t.deepEqual(
    memberSamples.map((sample) => sample.code),
    ['const a = 1;', 'const b = 2;'],
  );
});

test('extract takes unfenced example whole', (t) => {
  const samples = extractSourceExamples('pkg', 'src/a.ts', source);
  const bare = samples.find((sample) => sample.name === 'value');
  t.is(bare?.code, 'const bare = 3;');
});

test('extract counts every example once', (t) => {
  t.is(extractSourceExamples('pkg', 'src/a.ts', source).length, 4);
});

test('fenced blocks keep language and line', (t) => {
  const markdown = 'text\n\n```ts\nconst x = 1;\n```\n\n````sh\necho ```\n````\n';
  t.deepEqual(extractFencedBlocks(markdown), [
    { language: 'ts', line: 3, code: 'const x = 1;' },
    { language: 'sh', line: 7, code: 'echo ```' },
  ]);
});

test('guide samples keep only typescript', (t) => {
  const markdown = '```sh\nls\n```\n\n```typescript\nconst y = 2;\n```\n';
  const samples = extractGuideSamples('docs/guides/page.md', markdown);
  t.deepEqual(samples, [{ origin: 'guide', file: 'docs/guides/page.md', line: 5, name: 'page.md', code: 'const y = 2;' }]);
});

test('fenced blocks round-trip through Markdown', (t) => {
  const codeLine = fc.stringMatching(/^[a-z0-9 ();=.']{0,30}$/);
  const block = fc.record({
    language: fc.constantFrom('ts', 'typescript', 'sh', ''),
    code: fc.array(codeLine, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n')),
    prose: fc.array(fc.stringMatching(/^[A-Za-z ,.]{0,40}$/), { maxLength: 3 }),
  });

  fc.assert(
    fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
      const lines: string[] = [];
      const expected: FencedBlock[] = [];
      for (const { language, code, prose } of blocks) {
        lines.push(...prose);
        expected.push({ language, line: lines.length + 1, code });
        lines.push('```' + language, ...code.split('\n'), '```');
      }

      t.deepEqual(extractFencedBlocks(lines.join('\n')), expected);
    }),
  );
});
