import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { affine } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('affine', (backend) => {
  for (const c of cases('affine')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => affine(x, { angle: p.params.map((q: any) => q.angle), translate: p.params.map((q: any) => q.translate), scale: p.params.map((q: any) => q.scale), shear: p.params.map((q: any) => q.shear), interpolation: p.interpolation, fill: p.fill ?? undefined }));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
  it('is the identity with default parameters', async () => {
    const x = tf.randomUniform([2, 5, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = expectNoLeak(() => affine(x));
    await expectTensorsClose(y, x, { rtol: 0, atol: 0 });
    tf.dispose([x, y]);
  });
  it('rejects bad parameters', () => {
    const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    expect(() => affine(x, { scale: 0 })).toThrow(/affine: scale must be a finite number > 0, got 0/);
    expect(() => affine(x, { translate: [1, 2, 3] as unknown as [number, number] })).toThrow(/affine: translate must be a pair/);
    expect(() => affine(x, { fill: [0, 0] })).toThrow(/affine: fill must be a finite number or one per channel \(1\)/);
    x.dispose();
  });
});
