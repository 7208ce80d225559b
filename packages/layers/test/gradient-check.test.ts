import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { gradientCheck } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('gradientCheck', () => {
  it('passes for correct gradients (< 1e-3 in float32) and restores the inputs', async () => {
    const a = tf.randomNormal([2, 1], 0, 1, 'float32', 1);
    const b = tf.variable(tf.randomNormal([1, 2], 0, 1, 'float32', 2));
    const bBefore = Array.from(await b.data());
    const r = await expectNoLeak(() => gradientCheck(([a, b]) => tf.tanh(tf.matMul(a!, b!)), [a, b]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    expect(Object.keys(r.inputs)).toEqual(['0', '1']);
    expect(Array.from(await b.data())).toEqual(bBefore);
    tf.dispose([a, b]);
  });

  it('catches a wrong gradient', async () => {
    // x² with a custom gradient of 3x instead of 2x.
    const wrong = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
      save([x]);
      return { value: tf.square(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.mul(saved[0]!, 3)) };
    }) as never);
    const x = tf.tensor1d([0.5, -1, 2]);
    const r = await gradientCheck(({ x }) => tf.sum(wrong(x) as tf.Tensor), { x });
    expect(r.maxRelativeError).toBeGreaterThan(0.1);
    expect(r.worstInput).toBe('x');
    expect(r.inputs.x!.index).toBe(2);
    expect(r.inputs.x!.analytic).toBeCloseTo(6, 4);
    expect(r.inputs.x!.numeric).toBeCloseTo(4, 2);
    x.dispose();
  });
});

describe('gradientCheck', () => {
  it('throws on bad inputs', async () => {
    await expect(gradientCheck(() => tf.scalar(1), [])).rejects.toThrow('gradientCheck: inputs must hold at least one tensor');
    const i = tf.tensor1d([1], 'int32');
    await expect(gradientCheck(() => tf.scalar(1), [i])).rejects.toThrow("gradientCheck: input '0' must be a float32 tensor");
    await expect(gradientCheck(() => tf.scalar(1), [i], { epsilon: 0 })).rejects.toThrow('gradientCheck: epsilon must be > 0, got 0');
    i.dispose();
    expectThrowNoLeak(() => {
      throw new RangeError('x');
    }, 'x');
  });
});
