import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { softmaxCrossEntropy } from '@dl/layers';
// evaluate.js directly, not the index: fit.ts is not on the path under test.
import { evaluate } from '../src/evaluate.js';
import type { EvaluateOptions } from '../src/evaluate.js';
import type { ForwardFn } from '../src/types.js';
import { mlp, toyData } from './support.js';

// Every test runs evaluate under expectNoLeak: a call that throws must leave tf.memory().numTensors
// where it was (expectNoLeak rethrows the original error only then), a call that resolves must
// leave nothing behind.
const run = (model: unknown, data: unknown, options?: unknown) => expectNoLeak(() => evaluate(model as never, data as never, options as EvaluateOptions));

/**
 * The whole message, anchored: expectNoLeak's leak report quotes the original error, so a
 * substring match would also pass on a leak.
 */
const exactly = (message: string) => new RegExp(`^${escapeRegExp(message)}$`);
const escapeRegExp = (s: string) => s.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');

/** A function model over fixed weights that throws on its `failOn`-th call (1-based), after making tensors. */
function throwingModel(w: tf.Tensor, failOn: number): { model: ForwardFn; calls: () => number } {
  let calls = 0;
  const model: ForwardFn = (x) => {
    calls++;
    const out = tf.matMul(x, w);
    if (calls === failOn) throw new Error(`model failed on call ${calls}`);
    return out;
  };
  return { model, calls: () => calls };
}

describe('evaluate error paths', () => {
  it('rejects bad options and data before making any tensor', async () => {
    const data = toyData(12);
    const model = mlp();
    const empty = tf.tidy(() => ({ x: tf.zeros([0, 4]), y: tf.zeros([0], 'int32') }));
    const boolLabels = tf.tidy(() => tf.zeros([12], 'bool'));
    const y11 = tf.tidy(() => tf.zeros([11], 'int32'));
    await expect(run(model, data, { batchSize: 0 })).rejects.toThrow(exactly('evaluate: batchSize must be an integer >= 1, got 0'));
    await expect(run(model, data, { batchSize: 2.5 })).rejects.toThrow(exactly('evaluate: batchSize must be an integer >= 1, got 2.5'));
    await expect(run(model, data, { topK: 0 })).rejects.toThrow(exactly('evaluate: topK must be an integer >= 1, got 0'));
    await expect(run(model, data, { loss: 'mse' })).rejects.toThrow(exactly("evaluate: loss must be a function, got 'mse'"));
    await expect(run(model, data, { bogus: 1 })).rejects.toThrow(exactly("evaluate: unknown option 'bogus'"));
    await expect(run(model, data, null)).rejects.toThrow(exactly('evaluate: options must be an object, got null'));
    await expect(run(3, data)).rejects.toThrow(exactly('evaluate: model must be a Module or a function, got 3'));
    await expect(run(model, { x: [1, 2], y: [0, 1] })).rejects.toThrow(/^evaluate: data must be \{x, y\} or \{images, labels\} of tensors, got /);
    await expect(run(model, { x: data.x, y: y11 })).rejects.toThrow(exactly('evaluate: data has 12 examples but 11 labels; the counts must match'));
    await expect(run(model, empty)).rejects.toThrow(exactly('evaluate: data is empty'));
    await expect(run(model, { x: data.x, y: boolLabels })).rejects.toThrow(exactly("evaluate: data's labels must be int32 class ids, got dtype bool"));
    tf.dispose([data.x, data.y, empty.x, empty.y, boolLabels, y11]);
    model.dispose();
  });

  it('frees everything when the model throws on the 2nd batch', async () => {
    const data = toyData(12);
    const w = tf.tidy(() => tf.ones([4, 3]));
    const { model, calls } = throwingModel(w, 2);
    await expect(run(model, data, { batchSize: 4 })).rejects.toThrow(exactly('model failed on call 2'));
    expect(calls()).toBe(2);
    // ... and on the last of three, when the running sums hold two batches
    const last = throwingModel(w, 3);
    await expect(run(last.model, data, { batchSize: 4, topK: 2 })).rejects.toThrow(exactly('model failed on call 3'));
    tf.dispose([data.x, data.y, w]);
  });

  it('frees everything when the loss throws, or returns something other than a scalar tensor', async () => {
    const data = toyData(12);
    const model = mlp();
    let calls = 0;
    const failing = (out: tf.Tensor, y: tf.Tensor) => {
      const l = softmaxCrossEntropy(out, y) as tf.Scalar;
      if (++calls === 2) throw new Error('loss failed');
      return l;
    };
    await expect(run(model, data, { batchSize: 5, loss: failing })).rejects.toThrow(exactly('loss failed'));
    expect(calls).toBe(2);
    const perExample = (out: tf.Tensor, y: tf.Tensor) => softmaxCrossEntropy(out, y, { reduction: 'none' }) as tf.Scalar;
    await expect(run(model, data, { loss: perExample })).rejects.toThrow(exactly('evaluate: loss must return a scalar tensor, got a tensor of shape [12]'));
    await expect(run(model, data, { loss: () => 0.5 })).rejects.toThrow(exactly('evaluate: loss must return a scalar tensor, got 0.5'));
    await expect(run(() => [1, 2], data)).rejects.toThrow(exactly('evaluate: the model must return a tensor, got [1,2]'));
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('throws on labels outside the classes, naming the first, and frees everything', async () => {
    const data = toyData(12);
    const model = mlp();
    const labels = (values: number[], dtype: 'int32' | 'float32' = 'int32') => tf.tidy(() => tf.tensor1d(values, dtype));
    const base = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
    const high = labels(base.map((v, i) => (i === 6 ? 3 : v))); // in the 2nd batch of 5
    const negative = labels(base.map((v, i) => (i === 11 ? -1 : v)), 'float32');
    const fraction = labels(base.map((v, i) => (i === 2 ? 1.5 : v)), 'float32');
    const nan = labels(base.map((v, i) => (i === 9 ? Number.NaN : v)), 'float32');
    const soft = tf.tidy(() => tf.oneHot(tf.tensor1d(base, 'int32'), 4).toFloat());
    await expect(run(model, { x: data.x, y: high }, { batchSize: 5 })).rejects.toThrow(exactly("evaluate: data's label 6 is 3, outside the model's classes [0, 2]"));
    await expect(run(model, { x: data.x, y: negative }, { batchSize: 5 })).rejects.toThrow(exactly("evaluate: data's label 11 is -1, outside the model's classes [0, 2]"));
    await expect(run(model, { x: data.x, y: fraction })).rejects.toThrow(exactly("evaluate: data's label 2 is 1.5, outside the model's classes [0, 2]"));
    await expect(run(model, { x: data.x, y: nan })).rejects.toThrow(exactly("evaluate: data's label 9 is NaN, outside the model's classes [0, 2]"));
    await expect(run(model, { x: data.x, y: soft })).rejects.toThrow(exactly("evaluate: data's soft labels have 4 classes but the model outputs 3"));
    tf.dispose([data.x, data.y, high, negative, fraction, nan, soft]);
    model.dispose();
  });

  it('returns a non-finite loss as it is, and frees everything', async () => {
    const data = toyData(12);
    const model: ForwardFn = (x) => tf.mul(tf.sum(x, 1, true), tf.tensor1d([Number.NaN, 0, 0]));
    const r = await run(model, data, { batchSize: 5 });
    expect(r.loss).toBeNaN();
    expect(r.count).toBe(12);
    tf.dispose([data.x, data.y]);
  });
});

describeBackends('evaluate', () => {
  it('gives the loss, accuracy and top-k of the whole set with a partial last batch, and frees everything', async () => {
    const data = toyData(13);
    const model = mlp();
    const r = await run(model, data, { batchSize: 5, topK: 2 });
    const expected = tf.tidy(() => {
      const out = model.apply(data.x, { training: false });
      const top = tf.topk(out, 2).indices;
      return tf.stack([
        softmaxCrossEntropy(out, data.y),
        tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), data.y), 'float32')),
        tf.sum(tf.cast(tf.any(tf.equal(top, tf.expandDims(data.y, 1)), 1), 'float32')),
      ]);
    });
    const [expectedLoss, expectedHits, expectedTop2] = (await expected.array()) as number[];
    expected.dispose();
    expect(r.count).toBe(13);
    expect(r.loss).toBeCloseTo(expectedLoss!, 5);
    expect(r.accuracy).toBeCloseTo(expectedHits! / 13, 6);
    expect(r.topK).toBeCloseTo(expectedTop2! / 13, 6);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('finds an out-of-range label on the device in any batch', async () => {
    const data = toyData(13);
    const model = mlp();
    const y = tf.tidy(() => tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 7], 'int32'));
    await expect(run(model, { x: data.x, y }, { batchSize: 5 })).rejects.toThrow(exactly("evaluate: data's label 12 is 7, outside the model's classes [0, 2]"));
    tf.dispose([data.x, data.y, y]);
    model.dispose();
  });
});
