import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { scaleAugment } from '../src/index.js';
import { resizedWindows } from '../src/internal/resized-window.js';
import { resizedSize } from '../src/resize.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('scaleAugment', (backend) => {
  for (const c of cases('scaleCrop')) {
    it(`equals torchvision's resize(L) then crop, for the whole batch at once: ${c.name}`, async () => {
      const x = input(c);
      const [, H, W] = x.shape;
      const sizes = (c.params.lengths as number[]).map((L) => resizedSize(H, W, L));
      const offs = c.params.offsets as number[][];
      const [h, w] = c.params.size as [number, number];
      const all = (v: number) => offs.map(() => v);
      const y = expectNoLeak(() =>
        resizedWindows(
          x,
          { top: all(0), left: all(0), height: all(H), width: all(W), outHeight: sizes.map((s) => s[0]), outWidth: sizes.map((s) => s[1]), offsetY: offs.map((o) => o[0]!), offsetX: offs.map((o) => o[1]!) },
          h,
          w,
          c.params.interpolation,
        ),
      );
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }

});

it('scaleAugment rejects inconsistent sizes', () => {
  expect(() => scaleAugment({ minSize: 300, maxSize: 200 })).toThrow(/scaleAugment: maxSize must be >= minSize/);
  expect(() => scaleAugment({ minSize: 100, size: 224 })).toThrow(/scaleAugment: minSize must be >= the crop size/);
  expect(() => scaleAugment({ size: -1 })).toThrow(/scaleAugment: size/);
});

it('scale augment: returns size x size crops, deterministic per seed', async () => {
  const x = tf.randomUniform([2, 30, 40, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const t = scaleAugment({ minSize: 20, maxSize: 36, size: 16 });
  const a = expectNoLeak(() => t(x, 4));
  const b = t(x, 4);
  expect(a.shape).toEqual([2, 16, 16, 3]);
  await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
  tf.dispose([x, a, b]);
});
