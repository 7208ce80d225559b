import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { adjustHue } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('adjustHue', (backend) => {
  for (const c of cases('adjustHue')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => adjustHue(x, p.factor));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects shifts outside [-0.5, 0.5]', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => adjustHue(x, 0.6)).toThrow(/adjustHue: factor must be in \[-0.5, 0.5\], got 0.6/);
    x.dispose();
  });
});
