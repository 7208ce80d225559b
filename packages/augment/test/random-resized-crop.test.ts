import { it, expect } from 'vitest';
import { tf, Rng } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { randomResizedCrop } from '../src/index.js';
import { resizedWindows } from '../src/internal/resized-window.js';
import { resizedCropParams } from '../src/random-resized-crop.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('randomResizedCrop', (backend) => {
  for (const c of cases('resizedCrop')) {
    it(`crops and resizes the batch like torchvision's resized_crop: ${c.name}`, async () => {
      const x = input(c);
      const w = c.params.windows as number[][];
      const [h, wd] = c.params.size as [number, number];
      const zeros = w.map(() => 0);
      const y = expectNoLeak(() =>
        resizedWindows(
          x,
          { top: w.map((q) => q[0]!), left: w.map((q) => q[1]!), height: w.map((q) => q[2]!), width: w.map((q) => q[3]!), outHeight: w.map(() => h), outWidth: w.map(() => wd), offsetY: zeros, offsetX: zeros },
          h,
          wd,
          c.params.interpolation,
        ),
      );
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }

});

it('randomResizedCrop draws areas in scale and log-ratios uniformly in ratio', () => {
  const rng = new Rng(5);
  const areas: number[] = [];
  const logRatios: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const [top, left, h, w] = resizedCropParams(rng, 200, 200, [0.08, 1], [3 / 4, 4 / 3]);
    expect(top + h).toBeLessThanOrEqual(200);
    expect(left + w).toBeLessThanOrEqual(200);
    areas.push((h * w) / 40000);
    logRatios.push(Math.log(w / h));
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  // A try with area a and ratio r fits iff a <= min(r, 1/r), so accepted areas have density
  // proportional to min(1, -ln a / ln(4/3)) on [0.08, 1]: mean 0.4778, sd 0.2334 (numerical integral).
  // 4000 draws: standard error 0.0037; allow 4 of them plus 0.003 for the rounding of h and w.
  expect(Math.abs(mean(areas) - 0.4778)).toBeLessThan(4 * 0.0037 + 0.003);
  expect(Math.min(...areas)).toBeGreaterThan(0.07);
  expect(Math.abs(mean(logRatios))).toBeLessThan(0.01); // symmetric about 0
  expect(Math.max(...logRatios.map(Math.abs))).toBeLessThan(Math.log(4 / 3) + 0.02);
});

it('randomResizedCrop rejects bad ranges', () => {
  expect(() => randomResizedCrop({ size: 4, scale: [0.9, 0.1] })).toThrow(/randomResizedCrop: scale must be \[min, max\] with min <= max/);
  expect(() => randomResizedCrop({ size: 4, ratio: [0, 1] })).toThrow(/randomResizedCrop: ratio/);
  expect(() => randomResizedCrop({ size: 0 })).toThrow(/randomResizedCrop: size/);
});

it('random resized crop: gives the requested size, deterministic per seed', async () => {
  const x = tf.randomUniform([3, 12, 10, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const t = randomResizedCrop({ size: [6, 5] });
  const a = expectNoLeak(() => t(x, 11));
  const b = t(x, 11);
  expect(a.shape).toEqual([3, 6, 5, 3]);
  await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
  tf.dispose([x, a, b]);
});
