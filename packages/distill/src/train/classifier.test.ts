import test from 'ava';
import { Generator, memory } from 'fusegrad';

import { Classifier } from './classifier.js';

test('Classifier leaves only parameters live', (t) => {
  const configs = [
    { inputSize: 784, hidden: [32], classCount: 10 },
    { inputSize: 3, hidden: [8, 8], classCount: 50, embeddingDim: 4, vocabSize: 50, dropout: 0.1 },
  ];
  for (const config of configs) {
    const before = memory().liveBytes;
    const model = new Classifier(config, new Generator(0));
    // Float32 parameters, 4 bytes each; initialiser scratch tensors would add to this until garbage collection.
    t.is(memory().liveBytes - before, model.numParameters() * 4, JSON.stringify(config));
    t.false(model.head.weight.isDisposed);
  }
});
