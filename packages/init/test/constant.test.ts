import { describe, expect, it } from 'vitest';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { constant, ones, zeros } from '../src/index.js';

describeBackends('constant', () => {
  it('zeros, ones and constant fill a shape, in float32 or int32', async () => {
    const z = expectNoLeak(() => zeros([2, 3]));
    const o = expectNoLeak(() => ones([4], { dtype: 'int32' }));
    const c = expectNoLeak(() => constant([2, 2], { value: 0.25 }));
    expect(o.dtype).toBe('int32');
    await expectTensorsClose(z, [[0, 0, 0], [0, 0, 0]], { rtol: 0, atol: 0 });
    await expectTensorsClose(o, [1, 1, 1, 1], { rtol: 0, atol: 0 });
    await expectTensorsClose(c, [[0.25, 0.25], [0.25, 0.25]], { rtol: 0, atol: 0 });
    [z, o, c].forEach((t) => t.dispose());
  });
});

describe('constant options', () => {
  it('throws on a missing value, a bad dtype or shape', () => {
    expect(() => constant([2], {} as { value: number })).toThrow(/constant: value must be a finite number, got undefined/);
    expect(() => constant([2], { value: 0.5, dtype: 'int32' })).toThrow(/constant: value must be an integer for dtype 'int32'/);
    expect(() => zeros([2], { dtype: 'bool' as 'int32' })).toThrow(/zeros: dtype must be 'float32' or 'int32', got 'bool'/);
    expect(() => ones([-1])).toThrow(/ones: shape must be an array of non-negative integers/);
  });
});
