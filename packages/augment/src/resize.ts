import { tf } from '@dl/core';
import { assertImages, checkOneOf, checkSize, show } from './internal/check.js';

export interface ResizeOptions {
  /** `'bilinear'` (default) or `'nearest'`, as torch.nn.functional.interpolate without antialiasing. */
  interpolation?: 'bilinear' | 'nearest';
}

/** torchvision's output size: an integer resizes the shorter side and keeps the aspect ratio (long side truncated). */
export function resizedSize(H: number, W: number, size: number | readonly [number, number]): [number, number] {
  if (typeof size !== 'number') return [size[0], size[1]];
  if (W <= H) return [Math.floor((size * H) / W), size];
  return [size, Math.floor((size * W) / H)];
}

/**
 * Resizes every image (torchvision.transforms.functional.resize on tensors, antialias off):
 * `size` is `[height, width]`, or one integer that the shorter side becomes, the longer side
 * keeping the aspect ratio. Bilinear uses half-pixel centres (align_corners=False); nearest
 * takes floor(i * in / out), PyTorch's legacy `'nearest'`.
 */
export function resize(images: tf.Tensor4D, size: number | readonly [number, number], options: ResizeOptions = {}): tf.Tensor4D {
  assertImages(images, 'resize');
  if (typeof size === 'number') {
    if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`resize: size must be a positive integer or [height, width], got ${show(size)}`);
  } else checkSize(size, 'resize');
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['bilinear', 'nearest'], 'resize', 'interpolation');
  const [h, w] = resizedSize(images.shape[1], images.shape[2], size);
  return resizeUnchecked(images, h, w, interpolation);
}

export function resizeUnchecked(images: tf.Tensor4D, h: number, w: number, interpolation: 'bilinear' | 'nearest'): tf.Tensor4D {
  if (h === images.shape[1] && w === images.shape[2]) return tf.clone(images);
  return interpolation === 'bilinear' ? tf.image.resizeBilinear(images, [h, w], false, true) : tf.image.resizeNearestNeighbor(images, [h, w], false, false);
}
