import { tf } from '@dl/core';
import { show } from './check.js';
import { expandPerImage } from './expand.js';

/** torchvision's rgb_to_grayscale weights (a matMul over channels); a 1-channel image is its own grey. [N, H, W, 1]. */
export function grayscale(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W, C] = images.shape;
    if (C === 1) return tf.clone(images);
    return tf.reshape(tf.matMul(tf.reshape(images, [-1, 3]), tf.tensor2d([0.2989, 0.587, 0.114], [3, 1])), [n, H, W, 1]) as tf.Tensor4D;
  });
}

/**
 * torchvision's _blend for float images, per image: ratio * a + (1 - ratio) * b, clamped to [0, 1].
 * `b` is a full tensor, a per-image tensor [N], or undefined for zeros.
 */
export function blend(a: tf.Tensor4D, b: tf.Tensor | undefined, ratio: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const first = tf.mul(a, expandPerImage(ratio, a.shape));
    if (b === undefined) return tf.clipByValue(first, 0, 1) as tf.Tensor4D;
    const rest = ratio.map((r) => 1 - r);
    const second = b.rank === 1 ? expandPerImage(tf.mul(b, tf.tensor1d(Float32Array.from(rest))), a.shape) : tf.mul(b, expandPerImage(rest, a.shape));
    return tf.clipByValue(tf.add(first, second), 0, 1) as tf.Tensor4D;
  });
}

export function assertColorChannels(images: tf.Tensor4D, fn: string): void {
  const c = images.shape[3];
  if (c !== 1 && c !== 3) throw new RangeError(`${fn}: images must have 1 or 3 channels, got ${show(c)}`);
}
