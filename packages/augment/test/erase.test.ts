import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { erase } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('erase', (backend) => {
  for (const c of cases('erase')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => erase(x, p.boxes.map((b: number[]) => b[0]), p.boxes.map((b: number[]) => b[1]), p.boxes.map((b: number[]) => b[2]), p.boxes.map((b: number[]) => b[3]), p.value));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('rejects negative sizes', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => erase(x, 0, 0, -2, 2)).toThrow(/erase: height must be an integer >= 0, got -2/);
    x.dispose();
  });
});
