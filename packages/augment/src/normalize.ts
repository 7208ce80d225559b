import { tf } from '@dl/core';
import { assertImages, checkFill, show } from './internal/check.js';

/**
 * (images - mean) / std per channel (torchvision.transforms.functional.normalize); `mean` and `std`
 * are one number or one per channel, `std` non-zero.
 */
export function normalize(images: tf.Tensor4D, mean: number | readonly number[], std: number | readonly number[]): tf.Tensor4D {
  assertImages(images, 'normalize');
  const c = images.shape[3];
  const m = checkFill(mean, c, 'normalize', 'mean');
  const s = checkFill(std, c, 'normalize', 'std');
  if (s.some((v) => v === 0)) throw new RangeError(`normalize: std must be non-zero, got ${show(std)}`);
  return tf.tidy(() => tf.div(tf.sub(images, tf.tensor1d(m)), tf.tensor1d(s)) as tf.Tensor4D);
}
