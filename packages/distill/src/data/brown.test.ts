import test from 'ava';
import { loadBrown, nextWordExamples, selectExamples } from './brown.js';
import { parseBrownSentences } from './brown-sentences.js';
import { buildVocabulary } from './vocabulary.js';

test('parseBrownSentences strips tags', (t) => {
  const text = '\n\n\tThe/at Fulton/np-tl County/nn-tl said/vbd ``/`` no/at evidence/nn \'\'/\'\' ./.\n\n\n\tIt/pps was/bedz 4-1/2/cd feet/nns ./.\n';
  t.deepEqual(parseBrownSentences(text), [
    ['the', 'fulton', 'county', 'said', 'no', 'evidence'],
    ['it', 'was', '4-1/2', 'feet'],
  ]);
});

test('parseBrownSentences keeps contractions', (t) => {
  t.deepEqual(parseBrownSentences("\tHe/pps didn't/dod* go/vb ,/, Atlanta's/np$ mayor/nn ;/.\n"), [
    ['he', "didn't", 'go', "atlanta's", 'mayor'],
  ]);
});

test('parseBrownSentences skips empty lines', (t) => {
  t.deepEqual(parseBrownSentences('\n\n\t./. ,/,\n\n'), []);
});

test('buildVocabulary ranks by count', (t) => {
  const vocabulary = buildVocabulary([['b', 'a', 'c'], ['a', 'b', 'a'], ['<s>', '<s>', '<s>', '<s>']], 4);
  t.deepEqual(vocabulary.words, ['<s>', '<unk>', 'a', 'b']);
  t.is(vocabulary.ids.get('b'), 3);
  t.is(vocabulary.boundaryId, 0);
  t.is(vocabulary.unknownId, 1);
  t.throws(() => buildVocabulary([], 2), { message: /buildVocabulary: size is 2/ });
});

test('nextWordExamples pads sentences', (t) => {
  const vocabulary = buildVocabulary([['the', 'cat', 'sat'], ['the', 'dog']], 10);
  const id = (word: string) => vocabulary.ids.get(word) ?? vocabulary.unknownId;
  const examples = nextWordExamples([['the', 'cat', 'sat'], ['a', 'dog']], vocabulary, 2);

  t.is(examples.count, 4 + 3);
  t.is(examples.contextSize, 2);
  const rows = Array.from({ length: examples.count }, (_, row) => [
    ...examples.contexts.subarray(row * 2, row * 2 + 2),
    examples.targets[row],
  ]);
  t.deepEqual(rows, [
    [0, 0, id('the')],
    [0, id('the'), id('cat')],
    [id('the'), id('cat'), id('sat')],
    [id('cat'), id('sat'), 0],
    [0, 0, 1],
    [0, 1, id('dog')],
    [1, id('dog'), 0],
  ]);
});

const brown = loadBrown();

test('loadBrown split sizes', (t) => {
  t.is(brown.files.train.length, 450);
  t.is(brown.files.heldOut.length, 50);
  t.is(brown.files.heldOut[0], 'ca10');
  t.false(brown.files.train.some((name) => brown.files.heldOut.includes(name)));
  // One example per word plus one per sentence end; pinned so that a parsing change cannot pass unnoticed.
  t.is(brown.train.count, 963_696);
  t.is(brown.heldOut.count, 106_782);
  t.is(brown.train.contexts.length, brown.train.count * 3);
});

test('loadBrown vocabulary', (t) => {
  const { words } = brown.vocabulary;
  t.is(words.length, 4000);
  t.deepEqual(words.slice(0, 5), ['<s>', '<unk>', 'the', 'of', 'and']);
  t.is(new Set(words).size, words.length);
  for (const word of words.slice(2)) {
    t.is(word, word.toLowerCase());
    t.false(/\/[a-z$*+-]+$/.test(word), `${word} still has a tag`);
  }
});

test('loadBrown first sentence', (t) => {
  const words = Array.from(brown.train.targets.subarray(0, 8), (id) => brown.vocabulary.words[id]);
  t.deepEqual(words, ['the', 'fulton', 'county', 'grand', 'jury', 'said', 'friday', 'an'].map((word) =>
    brown.vocabulary.ids.has(word) ? word : '<unk>',
  ));
});

test('loadBrown ids in range', (t) => {
  const size = brown.vocabulary.words.length;
  t.true(brown.heldOut.targets.every((id) => id >= 0 && id < size));
  t.true(brown.heldOut.contexts.every((id) => id >= 0 && id < size));
});

test('loadBrown rejects bad options', (t) => {
  t.throws(() => loadBrown({ contextSize: 0 }), { message: /loadBrown: contextSize is 0/ });
  t.throws(() => loadBrown({ vocabSize: 1 }), { message: /loadBrown: vocabSize is 1/ });
});

test('selectExamples copies rows', (t) => {
  const picked = selectExamples(brown.heldOut, [5, 0]);
  t.deepEqual([...picked.targets], [brown.heldOut.targets[5], brown.heldOut.targets[0]]);
  t.deepEqual([...picked.contexts.subarray(0, 3)], [...brown.heldOut.contexts.subarray(15, 18)]);
  t.throws(() => selectExamples(brown.heldOut, [-1]), { message: /index -1 at position 0/ });
});
