import { describe, expect, it, vi } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, relu, residualBlock, sequential } from '@dl/layers';
import { featureExtractor } from '../src/index.js';
import { images, smallCnn } from './support.js';

describe('featureExtractor', () => {
  it('equals the prefix of the model in eval mode (the CNN codes at flatten, 9)', async () => {
    const m = smallCnn();
    const { x, y } = images(10);
    const fe = featureExtractor(m, { upTo: 9 });
    const got = expectNoLeak(() => fe.apply(x));
    const want = tf.tidy(() => {
      let h: tf.Tensor = x;
      for (const l of m.layers.slice(0, 10)) h = l.apply(h, { training: false });
      return h;
    });
    expect(got.shape).toEqual([10, 32]);
    await expectTensorsClose(got, want, { rtol: 0, atol: 0 });
    // the model is in training mode, the features are not: dropout off, running statistics
    expect(m.training).toBe(true);
    tf.dispose([got, want, x, y]);
    m.dispose();
  });

  it('predict in batches equals one pass; nested dotted paths cut inside a child Sequential', async () => {
    const inner = sequential(dense(4, 8, { seed: 1 }), relu, dense(8, 6, { seed: 2 }));
    const m = sequential(inner, relu, dense(6, 2, { seed: 3 }));
    const x = tf.randomNormal([37, 4], 0, 1, 'float32', 1);
    const fe = featureExtractor(m, { upTo: '0.1' });
    const one = fe.apply(x);
    const batched = await expectNoLeak(() => fe.predict(x, { batchSize: 8 }));
    expect(one.shape).toEqual([37, 8]);
    await expectTensorsClose(batched, one, { rtol: 1e-6, atol: 1e-6 });
    tf.dispose([x, one, batched]);
    m.dispose();
  });

  it('cached computes each input once and frees everything on dispose', async () => {
    const m = smallCnn();
    const { x, y } = images(6);
    const before = tf.memory().numTensors;
    const fe = featureExtractor(m, { upTo: 9 });
    const spy = vi.spyOn(fe.backbone, 'apply');
    const a = await fe.cached(x, { batchSize: 4 });
    const b = await fe.cached(x);
    expect(b).toBe(a);
    expect(spy).toHaveBeenCalledTimes(2); // two batches, once
    fe.dispose();
    expect(a.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.values(m.parameters()).every((v) => !v.isDisposed)).toBe(true);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('bad input throws before any tensor is made', async () => {
    const m = smallCnn();
    const { x, y } = images(2);
    const before = tf.memory().numTensors;
    expect(() => featureExtractor(m, { upTo: 14 })).toThrow('featureExtractor: upTo must be an integer in [0, 13] (a child of the Sequential), got 14');
    expect(() => featureExtractor(m, { upTo: '9.1' })).toThrow("featureExtractor: '9' is a flatten, not a Sequential to cut inside");
    expect(() => featureExtractor(m, { upTo: 'flatten' })).toThrow(/featureExtractor: no child 'flatten'; the closest are/);
    expect(() => featureExtractor(m, { at: 3 } as never)).toThrow("featureExtractor: unknown option 'at' (allowed: upTo)");
    const block = residualBlock(4, 4, { seed: 0 });
    const withBlock = tf.memory().numTensors;
    expect(() => featureExtractor(block, { upTo: 0 })).toThrow(/featureExtractor: cuts a Sequential or a TF.js model from fromLayersModel; got a '.*' module/);
    const fe = featureExtractor(m, { upTo: 3 });
    await expect(fe.predict(x, { batchSize: 0 })).rejects.toThrow('featureExtractor.predict: batchSize must be an integer in [1, Infinity], got 0');
    await expect(fe.cached('x' as never)).rejects.toThrow("featureExtractor.cached: x must be a live tensor with a batch axis, got 'x'");
    expect(tf.memory().numTensors).toBe(withBlock);
    block.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    m.dispose();
  });
});
