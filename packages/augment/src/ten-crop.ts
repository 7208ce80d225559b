import { tf } from '@dl/core';
import { checkFits, fiveCropUnchecked } from './five-crop.js';
import { assertImages, checkSize } from './internal/check.js';
import { flipImages } from './internal/flip-gather.js';

export interface TenCropOptions {
  /** Flip top to bottom instead of left to right for the second five. Default false. */
  verticalFlip?: boolean;
}

/**
 * The five crops of `fiveCrop`, then the same five of the flipped images
 * (torchvision.transforms.functional.ten_crop's order).
 */
export function tenCrop(images: tf.Tensor4D, size: number | readonly [number, number], options: TenCropOptions = {}): tf.Tensor4D[] {
  assertImages(images, 'tenCrop');
  const [ch, cw] = checkSize(size, 'tenCrop');
  checkFits(images, ch, cw, 'tenCrop');
  return tenCropUnchecked(images, ch, cw, options.verticalFlip ?? false);
}

export function tenCropUnchecked(images: tf.Tensor4D, ch: number, cw: number, verticalFlip: boolean): tf.Tensor4D[] {
  const first = fiveCropUnchecked(images, ch, cw);
  const flipped = flipImages(images, new Array<boolean>(images.shape[0]).fill(true), verticalFlip ? 1 : 2);
  const second = fiveCropUnchecked(flipped, ch, cw);
  flipped.dispose();
  return [...first, ...second];
}
