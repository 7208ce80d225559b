import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { resize } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('resize', (backend) => {
  for (const c of cases('resize')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => resize(x, p.size, { interpolation: p.interpolation }));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects bad sizes and interpolations', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => resize(x, -3)).toThrow(/resize: size must be a positive integer/);
    expect(() => resize(x, [2, 0])).toThrow(RangeError);
    expect(() => resize(x, 2, { interpolation: 'bicubic' as 'nearest' })).toThrow(/resize: interpolation must be one of 'bilinear', 'nearest', got 'bicubic'/);
    x.dispose();
  });
});
