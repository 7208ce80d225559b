import { tf } from '@dl/core';
import { centerCropUnchecked } from './center-crop.js';
import { assertImages, checkSize } from './internal/check.js';

/**
 * The four corner crops and the centre crop of every image, in torchvision's order
 * `[topLeft, topRight, bottomLeft, bottomRight, center]` (torchvision.transforms.functional.five_crop).
 */
export function fiveCrop(images: tf.Tensor4D, size: number | readonly [number, number]): tf.Tensor4D[] {
  assertImages(images, 'fiveCrop');
  const [ch, cw] = checkSize(size, 'fiveCrop');
  checkFits(images, ch, cw, 'fiveCrop');
  return fiveCropUnchecked(images, ch, cw);
}

export function checkFits(images: tf.Tensor4D, ch: number, cw: number, fn: string): void {
  const [, H, W] = images.shape;
  if (ch > H || cw > W) throw new RangeError(`${fn}: size [${ch}, ${cw}] is larger than the images [${H}, ${W}]`);
}

export function fiveCropUnchecked(images: tf.Tensor4D, ch: number, cw: number): tf.Tensor4D[] {
  const [n, H, W, C] = images.shape;
  const at = (top: number, left: number) => tf.slice(images, [0, top, left, 0], [n, ch, cw, C]) as tf.Tensor4D;
  return [at(0, 0), at(0, W - cw), at(H - ch, 0), at(H - ch, W - cw), centerCropUnchecked(images, ch, cw)];
}
