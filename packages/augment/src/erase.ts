import { tf } from '@dl/core';
import { assertImages, checkFill, perImage } from './internal/check.js';
import { expandChannels, linearInPixel } from './internal/expand.js';

const isInt = (v: number) => Number.isSafeInteger(v);
const isSize = (v: number) => Number.isSafeInteger(v) && v >= 0;

/**
 * Sets the `height` x `width` window at (`top`, `left`) of every image to `value`
 * (torchvision.transforms.functional.erase). Each of `top`, `left`, `height`, `width` is one
 * integer or one per image; the window is clipped to the image. `value` is a number or one per channel.
 */
export function erase(
  images: tf.Tensor4D,
  top: number | readonly number[],
  left: number | readonly number[],
  height: number | readonly number[],
  width: number | readonly number[],
  value: number | readonly number[] = 0,
): tf.Tensor4D {
  assertImages(images, 'erase');
  const n = images.shape[0];
  const t = perImage(top, n, 'erase', 'top', isInt, 'an integer');
  const l = perImage(left, n, 'erase', 'left', isInt, 'an integer');
  const h = perImage(height, n, 'erase', 'height', isSize, 'an integer >= 0');
  const w = perImage(width, n, 'erase', 'width', isSize, 'an integer >= 0');
  const v = checkFill(value, images.shape[3], 'erase', 'value');
  return tf.tidy(() => fillMasked(images, boxMask(images.shape, t, l, h, w), v));
}

/** A [N, H, W, C] float mask, 1 inside each image's box and 0 elsewhere. */
export function boxMask(shape: readonly number[], top: readonly number[], left: readonly number[], height: readonly number[], width: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W, C] = shape as [number, number, number, number];
    const zeros = top.map(() => 0);
    const ones = top.map(() => 1);
    // i - top >= 0 and i - top - height < 0, likewise for columns: exact integer arithmetic.
    const rowStart = linearInPixel(H, W, zeros, ones, top.map((t) => -t));
    const rowEnd = linearInPixel(H, W, zeros, ones, top.map((t, k) => -t - height[k]!));
    const colStart = linearInPixel(H, W, ones, zeros, left.map((l) => -l));
    const colEnd = linearInPixel(H, W, ones, zeros, left.map((l, k) => -l - width[k]!));
    const inside = tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(rowStart, 0), tf.less(rowEnd, 0)), tf.logicalAnd(tf.greaterEqual(colStart, 0), tf.less(colEnd, 0)));
    return expandChannels(tf.cast(inside, 'float32'), C);
  });
}

/** Images with `value` (per channel, or a full tensor) inside the mask. */
export function fillMasked(images: tf.Tensor4D, mask: tf.Tensor4D, value: readonly number[] | tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => {
    const v = value instanceof tf.Tensor ? value : tf.tensor1d(Float32Array.from(value));
    return tf.add(tf.mul(images, tf.sub(1, mask)), tf.mul(mask, v)) as tf.Tensor4D;
  });
}
