import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose, setTestBackends, testBackends } from '@dl/core/testing';

describe('expectNoLeak', () => {
  it('passes a clean function through and returns its value', async () => {
    expect(expectNoLeak(() => tf.tidy(() => tf.scalar(2).mul(3).arraySync()))).toBe(6);
    await expect(expectNoLeak(async () => 5)).resolves.toBe(5);
  });

  it('reports leaked tensors, sync and async', async () => {
    let kept: tf.Tensor | undefined;
    expect(() =>
      expectNoLeak(() => {
        kept = tf.scalar(1);
      }),
    ).toThrow(/expectNoLeak: 1 tensor\(s\) leaked \(tf.memory\(\).numTensors went from \d+ to \d+\)/);
    kept?.dispose();
    await expect(
      expectNoLeak(async () => {
        kept = tf.ones([2]);
      }, 'adam step'),
    ).rejects.toThrow(/adam step: 1 tensor\(s\) leaked/);
    kept?.dispose();
  });

  it('counts the tensors fn returns as its result, not as leaks', () => {
    const out = expectNoLeak(() => ({ a: tf.scalar(1), b: [tf.scalar(2)] }));
    tf.dispose([out.a, ...out.b]);
    let extra: tf.Tensor | undefined;
    expect(() =>
      expectNoLeak(() => {
        extra = tf.scalar(3);
        return tf.scalar(4);
      }),
    ).toThrow(/1 tensor\(s\) leaked \(.*, of which 1 returned\)/);
    extra?.dispose();
    // A returned assertion object is not walked (its getters throw).
    expectNoLeak(() => expect(() => tf.tensor([1], [2])).toThrow());
  });
});

describe('expectTensorsClose', () => {
  it('accepts values within tolerance and compares shapes', async () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    await expectTensorsClose(t, [[1, 2], [3, 4.00001]]);
    await expect(expectTensorsClose(t, [1, 2, 3, 4])).rejects.toThrow(/shapes differ: actual \[2,2\] vs expected \[4\]/);
    await expect(expectTensorsClose(t, [[1, 2], [3, 5]], { message: 'sgd trajectory' })).rejects.toThrow(
      /sgd trajectory: 1 of 4 values differ beyond atol 0.000001 \+ rtol 0.00001; worst at flat index 3: actual 4, expected 5/,
    );
    await expectTensorsClose(new Float32Array([Number.NaN, Infinity]), [Number.NaN, Infinity]);
    await expect(expectTensorsClose([Number.NaN], [1])).rejects.toThrow(/1 of 1 values differ/);
    await expect(expectTensorsClose([Number.NaN], [Number.NaN], { equalNaN: false })).rejects.toThrow(/1 of 1 values differ/);
    await expect(expectTensorsClose({ a: t }, { b: t })).rejects.toThrow(/names differ \(missing: b; extra: a\)/);
    t.dispose();
  });

  it('knows which backends the suite runs on, and can be told', () => {
    const before = testBackends();
    expect(before.length).toBeGreaterThan(0);
    setTestBackends(['cpu']);
    expect(testBackends()).toEqual(['cpu']);
    setTestBackends(before);
  });
});
