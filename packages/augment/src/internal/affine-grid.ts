import { tf } from '@dl/core';
import { linearInPixel } from './expand.js';
import { samplePixels, type Interpolation } from './sample.js';

/** torchvision's _get_inverse_affine_matrix with the centre at the image centre: output pixel -> source pixel. */
export function inverseAffineMatrix(angle: number, tx: number, ty: number, scale: number, shx: number, shy: number): number[] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shx * Math.PI) / 180;
  const sy = (shy * Math.PI) / 180;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((x) => x / scale) as [number, number, number, number, number, number];
  m[2] += m[0] * -tx + m[1] * -ty;
  m[5] += m[3] * -tx + m[4] * -ty;
  return m;
}

/**
 * Applies one inverse affine matrix per image (6 numbers each, centred coordinates) the way
 * torchvision's _gen_affine_grid + grid_sample does: theta scaled by the half sizes, grid of
 * centred pixel coordinates, then unnormalised with align_corners=False.
 */
export function applyInverseAffine(images: tf.Tensor4D, matrices: readonly number[][], interpolation: Interpolation, fill?: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W] = images.shape;
    // theta / (half size) in float32, then [x, y, 1] . theta over a grid of centred pixel coordinates.
    const coef = (k: number, half: number) => matrices.map((m) => Math.fround(Math.fround(m[k]!) / Math.fround(half)));
    const ox = -W * 0.5 + 0.5;
    const oy = -H * 0.5 + 0.5;
    const gx = linearInPixel(H, W, coef(0, 0.5 * W), coef(1, 0.5 * W), coef(2, 0.5 * W), ox, oy);
    const gy = linearInPixel(H, W, coef(3, 0.5 * H), coef(4, 0.5 * H), coef(5, 0.5 * H), ox, oy);
    const xs = tf.div(tf.sub(tf.mul(tf.add(gx, 1), W), 1), 2) as tf.Tensor3D;
    const ys = tf.div(tf.sub(tf.mul(tf.add(gy, 1), H), 1), 2) as tf.Tensor3D;
    return samplePixels(images, ys, xs, interpolation, fill);
  });
}
