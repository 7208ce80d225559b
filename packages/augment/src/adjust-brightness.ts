import { tf } from '@dl/core';
import { assertImages, perImage } from './internal/check.js';
import { blend, assertColorChannels } from './internal/color.js';

const nonNegative = (v: number) => Number.isFinite(v) && v >= 0;

/**
 * Multiplies every image by `factor` and clamps to [0, 1] (torchvision.transforms.functional.adjust_brightness):
 * 0 gives black, 1 the original. `factor` is one number or one per image.
 */
export function adjustBrightness(images: tf.Tensor4D, factor: number | readonly number[]): tf.Tensor4D {
  assertImages(images, 'adjustBrightness');
  assertColorChannels(images, 'adjustBrightness');
  const f = perImage(factor, images.shape[0], 'adjustBrightness', 'factor', nonNegative, 'a finite number >= 0');
  return brightnessUnchecked(images, f);
}

export function brightnessUnchecked(images: tf.Tensor4D, f: readonly number[]): tf.Tensor4D {
  return blend(images, undefined, f);
}
