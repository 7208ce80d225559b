import { tf } from '@dl/core';
import { cropUnchecked } from './crop.js';
import { assertImages, checkSize, roundHalfEven } from './internal/check.js';

/**
 * The central `size` window of every image (torchvision.transforms.functional.center_crop):
 * `size` is one integer (square) or `[height, width]`. A window larger than the image is
 * padded with zeros, as torchvision does.
 */
export function centerCrop(images: tf.Tensor4D, size: number | readonly [number, number]): tf.Tensor4D {
  assertImages(images, 'centerCrop');
  const [ch, cw] = checkSize(size, 'centerCrop');
  return centerCropUnchecked(images, ch, cw);
}

export function centerCropOffsets(H: number, W: number, ch: number, cw: number): [number, number] {
  // torchvision pads (floor half before) when the crop is larger, then rounds half to even.
  if (ch > H || cw > W) {
    const padTop = ch > H ? Math.floor((ch - H) / 2) : 0;
    const padLeft = cw > W ? Math.floor((cw - W) / 2) : 0;
    const h2 = Math.max(H, ch);
    const w2 = Math.max(W, cw);
    return [roundHalfEven((h2 - ch) / 2) - padTop, roundHalfEven((w2 - cw) / 2) - padLeft];
  }
  return [roundHalfEven((H - ch) / 2), roundHalfEven((W - cw) / 2)];
}

export function centerCropUnchecked(images: tf.Tensor4D, ch: number, cw: number): tf.Tensor4D {
  const [, H, W] = images.shape;
  const [top, left] = centerCropOffsets(H, W, ch, cw);
  return cropUnchecked(images, top, left, ch, cw);
}
