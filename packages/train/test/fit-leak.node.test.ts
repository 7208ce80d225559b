import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { checkpoint, earlyStopping, fit, learningCurves, progress } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('fit leaks [cpu]', () => {
  it('makes no tensor it does not free over 1000 steps', async () => {
    await useBackend('cpu');
    const data = toyData(40);
    const val = toyData(16, 4, 3, 9);
    const model = mlp(1, 4, 3, 4, { bn: true, drop: 0.2 });
    const optimizer = sgdFor(model, 0.05);
    const result = await expectNoLeak(() =>
      fit({
        model, optimizer, data, validation: val, epochs: 100, batchSize: 4, rng: 0, topK: 2, logEvery: 7,
        callbacks: [checkpoint({ every: 25, best: true, keepLast: 2 }), earlyStopping({ patience: 1000, restoreBest: true }), learningCurves(), progress({ onUpdate: () => {} })],
      }),
    );
    expect(result.history.lr).toHaveLength(1000);
    tf.dispose([data.x, data.y, val.x, val.y]);
    model.dispose();
    optimizer.dispose();
  });
});
