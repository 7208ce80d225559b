import { tf } from '@dl/core';
import { assertImages, checkFill, checkOneOf, perImage } from './internal/check.js';
import { column, samplePixels, type Interpolation } from './internal/sample.js';

export interface LensDistortionOptions {
  /** Second-order radial coefficient, one number or one per image: > 0 barrel, < 0 pincushion. */
  k1: number | readonly number[];
  /** Fourth-order radial coefficient, one number or one per image. Default 0. */
  k2?: number | readonly number[];
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: Interpolation;
  /** Value where the source falls outside the image: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
}

/**
 * Radial lens distortion about the image centre. With r the distance of an output pixel from
 * the centre in units of half the shorter side, the pixel reads the source at r (1 + k1 r² + k2 r⁴)
 * along the same ray: k1 > 0 squeezes the edges (barrel), k1 < 0 stretches them (pincushion).
 * No torchvision equivalent; sampled like `affine` (one gather per corner for the whole batch).
 */
export function lensDistortion(images: tf.Tensor4D, options: LensDistortionOptions): tf.Tensor4D {
  assertImages(images, 'lensDistortion');
  const n = images.shape[0];
  const k1 = perImage(options?.k1, n, 'lensDistortion', 'k1');
  const k2 = perImage(options.k2 ?? 0, n, 'lensDistortion', 'k2');
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['nearest', 'bilinear'], 'lensDistortion', 'interpolation');
  const fill = checkFill(options.fill ?? 0, images.shape[3], 'lensDistortion');
  return lensUnchecked(images, k1, k2, interpolation, fill);
}

export function lensUnchecked(images: tf.Tensor4D, k1: readonly number[], k2: readonly number[], interpolation: Interpolation, fill: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W] = images.shape;
    const half = Math.min(H, W) / 2;
    const cx = (W - 1) / 2;
    const cy = (H - 1) / 2;
    const u = tf.reshape(tf.div(tf.sub(tf.range(0, W, 1, 'float32'), cx), half), [1, 1, W]);
    const v = tf.reshape(tf.div(tf.sub(tf.range(0, H, 1, 'float32'), cy), half), [1, H, 1]);
    const r2 = tf.add(tf.square(u), tf.square(v));
    const f = tf.add(1, tf.add(tf.mul(column(k1), r2), tf.mul(column(k2), tf.square(r2))));
    const xs = tf.add(tf.mul(tf.mul(u, f), half), cx) as tf.Tensor3D;
    const ys = tf.add(tf.mul(tf.mul(v, f), half), cy) as tf.Tensor3D;
    return samplePixels(images, ys, xs, interpolation, fill);
  });
}
