import { describe, it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { colorJitter, compose, normalize, randomAffine, randomCrop, randomHorizontalFlip } from '../src/index.js';

describe('compose (on the first backend under test)', () => {
  it('chains transforms without leaking; the same seed gives the same batch', async () => {
    const x = tf.randomUniform([4, 12, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const augment = compose([
      randomHorizontalFlip(),
      randomCrop({ size: 10, padding: 2, paddingMode: 'reflect' }),
      colorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05 }),
      randomAffine({ degrees: 10, translate: [0.1, 0.1] }),
      (images) => normalize(images, [0.5, 0.5, 0.5], [0.25, 0.25, 0.25]),
    ]);
    const a = expectNoLeak(() => augment(x, 42));
    const b = augment(x, 42);
    const c = augment(x, 43);
    expect(a.shape).toEqual([4, 10, 10, 3]);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    const diff = (await tf.max(tf.abs(tf.sub(a, c))).data())[0]!;
    expect(diff).toBeGreaterThan(0);
    tf.dispose([x, a, b, c]);
  });

  it('a seeded pipeline advances from call to call and replays from the same seed', async () => {
    const x = tf.randomUniform([3, 6, 6, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const make = () => compose([randomCrop({ size: 4 }), randomHorizontalFlip()], { seed: 9 });
    const p = make();
    const q = make();
    const [a1, a2, b1, b2] = [p(x), p(x), q(x), q(x)];
    await expectTensorsClose(a1, b1, { rtol: 0, atol: 0 });
    await expectTensorsClose(a2, b2, { rtol: 0, atol: 0 });
    tf.dispose([x, a1, a2, b1, b2]);
  });
});

it('compose rejects what is not a list of transforms', () => {
  expect(() => compose([1 as unknown as () => tf.Tensor4D])).toThrow(/compose: transforms must be an array of transforms/);
});
