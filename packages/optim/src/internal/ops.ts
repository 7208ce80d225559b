// The arithmetic every transform is made of, composed from tfjs-core ops.
// This is the seam for fused kernels (@dl/core, later): each function here is one
// elementwise pass that a backend kernel can replace without touching the transforms.
import { tf } from '@dl/core';

/** `decay * avg + (1 - decay) * x` in PyTorch's order (`avg.mul_(decay).add_(x, alpha=1-decay)`). */
export function ema(avg: tf.Tensor, x: tf.Tensor, decay: number): tf.Tensor {
  return tf.add(tf.mul(avg, decay), tf.mul(x, 1 - decay));
}

/** `decay * avg + (1 - decay) * x * x` (`avg.mul_(decay).addcmul_(x, x, value=1-decay)`). */
export function emaSquare(avg: tf.Tensor, x: tf.Tensor, decay: number): tf.Tensor {
  return tf.add(tf.mul(avg, decay), tf.mul(tf.mul(x, x), 1 - decay));
}

/** `a + alpha * b`. */
export function axpy(a: tf.Tensor, b: tf.Tensor, alpha: number): tf.Tensor {
  return alpha === 1 ? tf.add(a, b) : tf.add(a, tf.mul(b, alpha));
}
