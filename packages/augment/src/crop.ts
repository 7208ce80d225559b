import { tf } from '@dl/core';
import { assertImages, checkInteger, show } from './internal/check.js';

/**
 * The window of `height` x `width` pixels whose top-left corner is (`top`, `left`) in every image
 * (torchvision.transforms.functional.crop). Parts of the window outside the image are zeros, as in torchvision.
 */
export function crop(images: tf.Tensor4D, top: number, left: number, height: number, width: number): tf.Tensor4D {
  assertImages(images, 'crop');
  for (const [name, v] of [['top', top], ['left', left]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new RangeError(`crop: ${name} must be an integer, got ${show(v)}`);
  }
  checkInteger(height, 'crop', 'height', 1);
  checkInteger(width, 'crop', 'width', 1);
  return cropUnchecked(images, top, left, height, width);
}

export function cropUnchecked(images: tf.Tensor4D, top: number, left: number, height: number, width: number): tf.Tensor4D {
  const [n, H, W, C] = images.shape;
  if (top >= 0 && left >= 0 && top + height <= H && left + width <= W) return tf.slice(images, [0, top, left, 0], [n, height, width, C]);
  return tf.tidy(() => {
    const padTop = Math.max(0, -top);
    const padLeft = Math.max(0, -left);
    const padBottom = Math.max(0, top + height - H);
    const padRight = Math.max(0, left + width - W);
    const padded = tf.pad(images, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
    return tf.slice(padded, [0, top + padTop, left + padLeft, 0], [n, height, width, C]);
  });
}
