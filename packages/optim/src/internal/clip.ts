// What clipByGlobalNorm (a transformation) and clipGradNorm (a function for training loops)
// share: PyTorch 1.13's clip_grad_norm_ arithmetic and its non-finite check.
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { showOrder } from '../global-norm.js';
import type { NormType } from '../global-norm.js';
import { perParam } from './per-param.js';

/**
 * `g * min(maxNorm / (norm + 1e-6), 1)` for every tensor, in PyTorch 1.13's float32 arithmetic:
 * `clip_coef = max_norm / (total_norm + 1e-6)` is `Tensor.__rtruediv__`, a reciprocal times
 * `max_norm` (two roundings), then `clamp(clip_coef, max=1.0)`, which keeps a NaN (so does the
 * `where` here, on every backend: wasm's `minimum` drops it), then `g.mul_(clip_coef_clamped)`.
 * New tensors; `norm` is the total norm before clipping (`normOf`).
 */
export function scaleToNorm(grads: NamedTensors, norm: tf.Scalar, maxNorm: number): NamedTensors {
  const factor = tf.tidy(() => {
    const coef = tf.mul(tf.reciprocal(tf.add(norm, 1e-6)), maxNorm);
    return tf.where(tf.greater(coef, 1), tf.onesLike(coef), coef);
  });
  const clipped = perParam(Object.keys(grads), (n) => tf.mul(grads[n]!, factor));
  factor.dispose();
  return clipped;
}

/**
 * PyTorch's error_if_nonfinite: throws, freeing `norm`, when `value` (the norm read back, or the
 * error reading it) is not finite. The sync transformation and the async function read the norm
 * their own way and share this.
 */
export function checkFiniteNorm(where: string, normType: NormType, norm: tf.Scalar, value: number | { error: unknown }): void {
  if (typeof value === 'number' && Number.isFinite(value)) return;
  norm.dispose();
  if (typeof value !== 'number') throw value.error;
  throw new Error(
    `${where}: the total norm of order ${showOrder(normType)} is ${value} (the gradients hold NaN or ±Infinity), so they cannot be clipped; ` +
      `set errorIfNonfinite: false to scale them by the non-finite norm anyway (PyTorch's error_if_nonfinite)`,
  );
}

/** A record of tensors, checked before any tensor is made. */
export function checkNamedTensors(where: string, grads: unknown): asserts grads is NamedTensors {
  if (grads === null || typeof grads !== 'object' || Array.isArray(grads) || grads instanceof tf.Tensor) {
    const got = Array.isArray(grads) ? 'an array' : grads instanceof tf.Tensor ? 'a tensor' : String(grads);
    throw new TypeError(`${where}: grads must be a record of tensors ({name: tensor}), got ${got}`);
  }
  for (const [n, g] of Object.entries(grads)) {
    if (!(g instanceof tf.Tensor)) throw new TypeError(`${where}: gradient ${JSON.stringify(n)} is not a tensor`);
    if (g.isDisposed) throw new TypeError(`${where}: gradient ${JSON.stringify(n)} is disposed`);
  }
}
