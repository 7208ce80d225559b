import { tf } from '@dl/core';
import { linearInPixel } from './expand.js';

/**
 * Flips the chosen images along `axis` (1 rows, 2 columns) with one gather whose flat indices are a
 * per-image linear function of the pixel position (one matMul); tf.reverse is slow on cpu and wasm.
 */
export function flipImages(images: tf.Tensor4D, flipped: readonly boolean[], axis: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W, C] = images.shape;
    const cx = flipped.map((f) => (f && axis === 2 ? -1 : 1));
    const cy = flipped.map((f) => (f && axis === 1 ? -W : W));
    const c0 = flipped.map((f, k) => k * H * W + (f ? (axis === 1 ? (H - 1) * W : W - 1) : 0));
    const index = tf.cast(tf.reshape(linearInPixel(H, W, cx, cy, c0), [-1]), 'int32');
    return tf.reshape(tf.gather(tf.reshape(images, [n * H * W, C]), index), [n, H, W, C]) as tf.Tensor4D;
  });
}
