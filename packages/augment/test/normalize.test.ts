import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { normalize } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('normalize', (backend) => {
  for (const c of cases('normalize')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => normalize(x, p.mean, p.std));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects zero std and wrong lengths', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => normalize(x, 0.5, [1, 0, 1])).toThrow(/normalize: std must be non-zero/);
    expect(() => normalize(x, [0.5, 0.5], 1)).toThrow(/normalize: mean must be a finite number or one per channel \(3\)/);
    x.dispose();
  });
});
