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

  it('checks functions that throw or reject too, and rethrows their error when nothing leaked', async () => {
    let kept: tf.Tensor | undefined;
    expect(() =>
      expectNoLeak(() => {
        kept = tf.scalar(1);
        throw new RangeError('bad option');
      }, 'fit'),
    ).toThrow(/fit: 1 tensor\(s\) leaked by a call that threw .*; it threw a RangeError, kept as this error's cause/);
    // a leak must not pass a test that matches the original message
    let leakError: unknown;
    try {
      expectNoLeak(() => {
        kept = tf.scalar(1);
        throw new RangeError('bad option');
      });
    } catch (e) {
      leakError = e;
    }
    kept?.dispose();
    expect(String((leakError as Error).message)).not.toContain('bad option');
    expect(((leakError as Error).cause as Error).message).toBe('bad option');
    kept?.dispose();
    await expect(
      expectNoLeak(async () => {
        kept = tf.ones([2]);
        await Promise.resolve();
        throw new TypeError('augment failed');
      }),
    ).rejects.toThrow(/1 tensor\(s\) leaked by a call that threw .*a TypeError/);
    kept?.dispose();
    // clean throws come back unchanged, so the caller can match the original error
    expect(() =>
      expectNoLeak(() => {
        tf.tidy(() => {
          tf.scalar(1);
        });
        throw new RangeError('epochs must be >= 1');
      }),
    ).toThrow(RangeError);
    await expect(expectNoLeak(async () => Promise.reject(new TypeError('nope')))).rejects.toThrow(/^nope$/);
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

describe('variableGrads', () => {
  it('frees the tape when the loss throws (tf.variableGrads leaks it)', async () => {
    const { variableGrads } = await import('@dl/core');
    const v = tf.variable(tf.ones([3]), true, 'vg_test');
    const fail = () => {
      const y = tf.sum(tf.square(tf.mul(v, 2)));
      if (y.rank === 0) throw new Error('loss failed');
      return y as tf.Scalar;
    };
    expect(() => expectNoLeak(() => variableGrads(fail, [v]))).toThrow(/^loss failed$/);
    // and it is still the real thing when nothing throws
    const { value, grads } = variableGrads(() => tf.sum(tf.square(v)) as tf.Scalar, [v]);
    expect(await value.data()).toEqual(new Float32Array([3]));
    expect(Array.from(await grads.vg_test!.data())).toEqual([2, 2, 2]);
    tf.dispose([value, grads.vg_test!, v]);
  });
});
