import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { fit } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('fit input checks', () => {
  it('throws clear errors before the first step', async () => {
    const data = toyData(12);
    const model = mlp();
    const optimizer = sgdFor(model);
    const bad = (extra: Record<string, unknown>) => expectNoLeak(() => fit({ model, optimizer, data, epochs: 1, ...extra } as never));
    await expect(bad({ batchSize: 0 })).rejects.toThrow('fit: batchSize must be an integer >= 1, got 0');
    await expect(bad({ validation: 1.5 })).rejects.toThrow('fit: validation must be a fraction in (0, 1) or a dataset, got 1.5');
    await expect(bad({ validation: 0 })).rejects.toThrow(/validation must be a fraction in \(0, 1\)/);
    await expect(bad({ epochs: 0 })).rejects.toThrow('fit: epochs must be an integer >= 1, got 0');
    await expect(bad({ bogus: 1 })).rejects.toThrow("fit: unknown option 'bogus'");
    const y5 = tf.tensor1d([0, 1, 2, 0, 5, 1, 0, 1, 2, 0, 1, 2], 'int32');
    await expect(bad({ data: { x: data.x, y: y5 } })).rejects.toThrow("fit: data's label 4 is 5, outside the model's classes [0, 2]");
    const y11 = tf.tensor1d(new Array(11).fill(0), 'int32');
    await expect(bad({ data: { x: data.x, y: y11 } })).rejects.toThrow('fit: data has 12 examples but 11 labels; the counts must match');
    await expect(bad({ validation: { x: data.x, y: y11 } })).rejects.toThrow('fit: validation has 12 examples but 11 labels');
    await expect(bad({ model: 3 })).rejects.toThrow(/fit: model must be a Module or a function/);
    await expect(bad({ classWeights: [1, 2] })).rejects.toThrow('fit: classWeights has 2 entries but the model outputs 3 classes');
    expect(optimizer.steps).toBe(0);
    tf.dispose([data.x, data.y, y5, y11]);
    model.dispose();
    optimizer.dispose();
  });

  it('accepts @dl/datasets-style {images, labels} and trains a function model over named variables', async () => {
    const data = toyData(24);
    const vars = tf.tidy(() => ({ w: tf.variable(tf.zeros([4, 3]), true, 'fn_w'), b: tf.variable(tf.zeros([3]), true, 'fn_b') }));
    const { Optimizer, sgd } = await import('@dl/optim');
    const optimizer = new Optimizer(sgd({ lr: 0.5 }), vars);
    const model = (x: tf.Tensor) => tf.add(tf.matMul(x, vars.w), vars.b);
    const r = await expectNoLeak(() => fit({ model, optimizer, data: { images: data.x, labels: data.y }, epochs: 5, batchSize: 8, rng: 0, logEvery: 1 }));
    expect(r.history.batches[0]!.loss).toBeCloseTo(Math.log(3), 5); // zero weights: uniform prediction
    expect(r.history.epochs[4]!.loss).toBeLessThan(r.history.epochs[0]!.loss);
    tf.dispose([data.x, data.y, vars.w, vars.b]);
    optimizer.dispose();
  });
});
