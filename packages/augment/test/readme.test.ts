import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { averageCrops, colorJitter, compose, mixup, multiScaleCrops, randomAffine, randomCrop, randomHorizontalFlip } from '../src/index.js';

it('README: pipeline and mixup', async () => {
  const images = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
  const augment = compose(
    [
      randomHorizontalFlip(),
      randomCrop({ size: 28, padding: 4 }),
      colorJitter({ brightness: 0.4, contrast: 0.4 }),
      randomAffine({ degrees: 10, translate: [0.1, 0.1] }),
    ],
    { seed: 0 },
  );
  const batch = expectNoLeak(() => augment(images));
  const { images: mixed, labels: soft, lambda } = mixup({ alpha: 0.2, numClasses: 10 })(batch, labels, 1);
  expect(mixed.shape).toEqual([8, 28, 28, 1]);
  expect(soft.shape).toEqual([8, 10]);
  expect(lambda).toBeGreaterThanOrEqual(0);
  tf.dispose([images, labels, batch, mixed, soft]);
});

it('README: multi-scale test-time crops', () => {
  const images = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  const model = { predict: (x: tf.Tensor4D) => tf.tidy(() => tf.matMul(tf.reshape(x, [x.shape[0], -1]), tf.ones([28 * 28, 10]))) };
  const crops = multiScaleCrops(images, { scales: [32, 40], size: 28 }); // 20 crops per image
  const probs = averageCrops(tf.softmax(model.predict(crops)), 20);
  expect(crops.shape).toEqual([40, 28, 28, 1]);
  expect(probs.shape).toEqual([2, 10]);
  tf.dispose([images, crops, probs]);
});
