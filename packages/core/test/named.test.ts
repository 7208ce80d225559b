import { describe, expect, it } from 'vitest';
import { assertSameNames, cloneTensors, countElements, disposeTensors, flattenTensors, mapTensors, tf, unflattenTensors, zipTensors } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';

describeBackends('named tensors', () => {
  it('flattens a tree to dotted names and back', () => {
    expectNoLeak(() => {
      const k = tf.ones([2, 2]);
      const b = tf.zeros([2]);
      const g = tf.scalar(1);
      const flat = flattenTensors({ block1: { conv: { kernel: k, bias: b } }, layers: [g] });
      expect(Object.keys(flat)).toEqual(['block1.conv.kernel', 'block1.conv.bias', 'layers.0']);
      expect(flat['block1.conv.kernel']).toBe(k);
      const tree = unflattenTensors(flat) as { block1: { conv: { kernel: tf.Tensor } }; layers: { 0: tf.Tensor } };
      expect(tree.block1.conv.kernel).toBe(k);
      expect(tree.layers[0]).toBe(g);
      expect(flattenTensors(k, 'w')).toEqual({ w: k });
      disposeTensors(flat);
    });
  });

  it('rejects names that cannot round-trip', () => {
    const t = tf.scalar(1);
    expect(() => flattenTensors({ 'a.b': t })).toThrow(/key 'a.b' under the root may not be empty or contain '.'/);
    expect(() => flattenTensors(t)).toThrow(/a bare tensor needs a prefix/);
    expect(() => flattenTensors({ a: 3 } as never)).toThrow(/'a' must be a tensor, an array or an object, got 3/);
    expect(() => unflattenTensors({ a: t, 'a.b': t })).toThrow(/'a.b' nests under a tensor named 'a'/);
    expect(() => unflattenTensors({ 'a..b': t })).toThrow(/empty segment/);
    t.dispose();
  });

  it('maps and zips without leaking intermediates', async () => {
    const a = { w: tf.tensor([1, 2, 3]), b: tf.tensor([4]) };
    const b = { w: tf.tensor([10, 20, 30]), b: tf.tensor([40]) };
    const doubled = expectNoLeak(() => mapTensors(a, (t) => t.mul(2).add(0)), 'mapTensors');
    expect(Object.keys(doubled)).toEqual(['w', 'b']);
    const sums = expectNoLeak(() => zipTensors(a, b, (x, y) => x.add(y).mul(1)), 'zipTensors');
    expect(Object.keys(sums)).toEqual(['w', 'b']);
    await expectTensorsClose(doubled.w!, [2, 4, 6]);
    await expectTensorsClose(sums.w!, [11, 22, 33]);
    await expectTensorsClose(sums.b!, [44]);
    disposeTensors(doubled);
    disposeTensors(sums);
    expect(() => zipTensors(a, { w: b.w }, (x) => x)).toThrow(/zipTensors: the names differ: missing 'b'/);
    expect(() => assertSameNames({ a: 1 }, { a: 1, c: 2 }, 'sgd')).toThrow(/sgd: the names differ: unexpected 'c'/);
    expect(countElements(a)).toBe(4);
    disposeTensors(a);
    disposeTensors(b);
  });

  it('clones into new tensors that outlive the originals', async () => {
    const a = { w: tf.tensor([1, 2]) };
    const c = expectNoLeak(() => cloneTensors(a), 'cloneTensors');
    disposeTensors(a);
    await expectTensorsClose(c.w!, [1, 2]);
    const before = tf.memory().numTensors;
    disposeTensors(c);
    disposeTensors(c);
    disposeTensors(null);
    expect(tf.memory().numTensors).toBe(before - 1);
    expect(c.w!.isDisposed).toBe(true);
  });
});
