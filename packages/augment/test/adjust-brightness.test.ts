import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { adjustBrightness } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('adjustBrightness', (backend) => {
  for (const c of cases('adjustBrightness')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => adjustBrightness(x, p.factor));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects negative factors and wrong counts', () => {
    const x = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    expect(() => adjustBrightness(x, -0.1)).toThrow(/adjustBrightness: factor must be a finite number >= 0, got -0.1/);
    expect(() => adjustBrightness(x, [1, 1, 1])).toThrow(/one value per image \(2\), got 3/);
    const four = tf.zeros([1, 2, 2, 4]) as tf.Tensor4D;
    expect(() => adjustBrightness(four, 1)).toThrow(/1 or 3 channels/);
    tf.dispose([x, four]);
  });
});
