import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { averageCrops, hflip, multiScaleCrops, tenCrop } from '@dl/augment';
import { conv2d, dense, flatten, globalAvgPool2d, sequential } from '@dl/layers';
import { tta } from '../src/index.js';

// A model that sees position (flatten), so flips and crops change its outputs.
const model = () => sequential(conv2d(1, 2, 3, { padding: 1, seed: 1 }), flatten(), dense(8 * 8 * 2, 4, { seed: 2 }));

describeBackends('tta', () => {
  it("averages the image and its mirror ('flip'), and blends with fastai's beta", async () => {
    const m = model();
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const got = expectNoLeak(() => tta(m, x));
    const plain = tf.softmax(m.apply(x, { training: false }));
    const flipped = tf.softmax(m.apply(hflip(x), { training: false }));
    await expectTensorsClose(got, tf.div(tf.add(plain, flipped), 2));
    const blended = expectNoLeak(() => tta(m, x, { beta: 0.25 }));
    await expectTensorsClose(blended, tf.add(flipped, tf.mul(tf.sub(plain, flipped), 0.25)));
    tf.dispose([x, got, plain, flipped, blended]);
    m.dispose();
  });

  it("averages @dl/augment's ten crops of the padded images", async () => {
    const m = model();
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const got = expectNoLeak(() => tta(m, x, { views: 'ten-crop', padding: 2, batchSize: 3 }));
    const crops = tenCrop(tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]) as tf.Tensor4D, 8);
    const want = tf.tidy(() => tf.mean(tf.stack(crops.map((c) => tf.softmax(m.apply(c, { training: false })))), 0));
    await expectTensorsClose(got, want);
    tf.dispose([x, got, crops, want]);
    m.dispose();
  });

  it('takes multi-scale views (as multiScaleCrops + averageCrops)', async () => {
    const m = sequential(conv2d(1, 2, 3, { padding: 1, seed: 1 }), globalAvgPool2d(), dense(2, 4, { seed: 2 }));
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const got = tta(m, x, { views: { scales: [8, 10], size: 6 } });
    const crops = multiScaleCrops(x, { scales: [8, 10], size: 6 });
    const want = averageCrops(tf.softmax(m.apply(crops, { training: false })), 20);
    await expectTensorsClose(got, want);
    tf.dispose([x, got, crops, want]);
    m.dispose();
  });
});

describe('tta errors', () => {
  it('names the bad option before any tensor is made', () => {
    const m = model();
    const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => tta(m, x, { views: 'five-crop' })).toThrow(/tta: views 'five-crop' of size \[8, 8\] from images of that size are all the same image: give padding or a smaller size/);
    expect(() => tta(m, x, { beta: 2 })).toThrow(/tta: beta must be in \[0, 1\], got 2/);
    expect(() => tta(m, x, { views: 'six-crop' as never })).toThrow(/tta: views must be 'flip', 'five-crop', 'ten-crop' or \{scales, size, flips\}/);
    expect(() => tta(m, x, { padding: 2 })).toThrow(/size and padding apply to 'five-crop' \/ 'ten-crop', not 'flip'/);
    expect(() => tta(m, x, { views: 'ten-crop', size: 20 })).toThrow(/tta: size \[20, 20\] is larger than the padded images \[8, 8\]/);
    expect(() => tta(m, [[1]] as never)).toThrow(/tta: x must be a non-empty NHWC batch/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });
});
