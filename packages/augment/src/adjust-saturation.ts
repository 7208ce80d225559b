import { tf } from '@dl/core';
import { assertImages, perImage } from './internal/check.js';
import { assertColorChannels, blend, grayscale } from './internal/color.js';
import { expandChannels } from './internal/expand.js';

const nonNegative = (v: number) => Number.isFinite(v) && v >= 0;

/**
 * Blends every image with its greyscale version (torchvision.transforms.functional.adjust_saturation):
 * 0 gives greyscale, 1 the original; clamped to [0, 1]. One-channel images come back unchanged, as in torchvision.
 * `factor` is one number or one per image.
 */
export function adjustSaturation(images: tf.Tensor4D, factor: number | readonly number[]): tf.Tensor4D {
  assertImages(images, 'adjustSaturation');
  assertColorChannels(images, 'adjustSaturation');
  const f = perImage(factor, images.shape[0], 'adjustSaturation', 'factor', nonNegative, 'a finite number >= 0');
  return saturationUnchecked(images, f);
}

export function saturationUnchecked(images: tf.Tensor4D, f: readonly number[]): tf.Tensor4D {
  if (images.shape[3] === 1) return tf.clone(images);
  return tf.tidy(() => blend(images, expandChannels(grayscale(images), 3), f));
}
