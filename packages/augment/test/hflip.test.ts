import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { hflip, vflip } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('hflip / vflip', (backend) => {
  for (const [name, fn] of [['hflip', hflip], ['vflip', vflip]] as const) {
    for (const c of cases(name)) {
      it(`matches torchvision: ${c.name}`, async () => {
        const x = input(c);
        const y = expectNoLeak(() => fn(x));
        await expectTensorsClose(y, c.output, tolerance(backend));
        tf.dispose([x, y]);
      });
    }
  }
  it('rejects non-NHWC input before making tensors', () => {
    const x = tf.zeros([4, 4, 3]);
    const before = tf.memory().numTensors;
    expect(() => hflip(x as tf.Tensor4D)).toThrow(/hflip: images must be an NHWC batch \(rank 4/);
    expect(tf.memory().numTensors).toBe(before);
    const i = tf.zeros([1, 2, 2, 1], 'int32') as tf.Tensor4D;
    expect(() => vflip(i)).toThrow(/vflip: images must be float32/);
    i.dispose();
    x.dispose();
  });
});
