import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { fiveCrop } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('fiveCrop', (backend) => {
  for (const c of cases('fiveCrop')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => fiveCrop(x, p.size));
      const stacked = tf.stack(y);
      await expectTensorsClose(stacked, c.output, tolerance(backend));
      tf.dispose([x, stacked, ...y]);
    });
  }
  it('rejects a crop larger than the images', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => fiveCrop(x, 5)).toThrow(/fiveCrop: size \[5, 5\] is larger than the images \[4, 4\]/);
    x.dispose();
  });
});
