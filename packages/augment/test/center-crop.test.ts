import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { centerCrop } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('centerCrop', (backend) => {
  for (const c of cases('centerCrop')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => centerCrop(x, p.size));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects bad sizes', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => centerCrop(x, 0)).toThrow(/centerCrop: size must be a positive integer or \[height, width\]/);
    expect(() => centerCrop(x, [-2, 3])).toThrow(RangeError);
    x.dispose();
  });
});
