import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { crop } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('crop', (backend) => {
  for (const c of cases('crop')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => crop(x, p.top, p.left, p.height, p.width));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects negative or fractional sizes before making tensors', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => crop(x, 0, 0, -1, 2)).toThrow(/crop: height must be an integer >= 1, got -1/);
    expect(() => crop(x, 0, 0, 2, 1.5)).toThrow(RangeError);
    expect(() => crop(x, 0.5, 0, 2, 2)).toThrow(/crop: top must be an integer/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
