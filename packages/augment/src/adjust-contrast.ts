import { tf } from '@dl/core';
import { assertImages, perImage } from './internal/check.js';
import { assertColorChannels, blend, grayscale } from './internal/color.js';

const nonNegative = (v: number) => Number.isFinite(v) && v >= 0;

/**
 * Blends every image with the mean of its greyscale version (torchvision.transforms.functional.adjust_contrast):
 * 0 gives a flat grey image, 1 the original, 2 doubles the contrast; clamped to [0, 1].
 * `factor` is one number or one per image.
 */
export function adjustContrast(images: tf.Tensor4D, factor: number | readonly number[]): tf.Tensor4D {
  assertImages(images, 'adjustContrast');
  assertColorChannels(images, 'adjustContrast');
  const f = perImage(factor, images.shape[0], 'adjustContrast', 'factor', nonNegative, 'a finite number >= 0');
  return contrastUnchecked(images, f);
}

export function contrastUnchecked(images: tf.Tensor4D, f: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => blend(images, tf.mean(grayscale(images), [1, 2, 3]), f));
}
