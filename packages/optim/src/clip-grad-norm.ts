import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBoolean, checkKeys, checkPositive } from './internal/check.js';
import { checkNamedTensors, checkFiniteNorm, scaleToNorm } from './internal/clip.js';
import { checkNormType, normOf, normOrder } from './global-norm.js';
import type { NormType } from './global-norm.js';

export interface ClipGradNormOptions {
  /** Order of the p-norm (PyTorch `norm_type`): any number > 0, `Infinity` or `'inf'`; default 2. */
  normType?: NormType;
  /**
   * Reject when the total norm is NaN or ±Infinity (PyTorch `error_if_nonfinite`), default
   * false. This reads the norm back (asynchronously); without it nothing is read back.
   */
  errorIfNonfinite?: boolean;
}

export interface ClipGradNormResult {
  /** The clipped gradients: new tensors, named as the input (which is left untouched). */
  grads: NamedTensors;
  /** The total norm before clipping, a scalar tensor (PyTorch's return value). */
  totalNorm: tf.Scalar;
}

/**
 * `torch.nn.utils.clip_grad_norm_` for training loops, between computing (and accumulating)
 * the gradients and `optimizer.step`: scales every gradient by `min(1, maxNorm / (total + 1e-6))`,
 * `total` being the p-norm of the per-tensor p-norms (the largest absolute value for `'inf'`).
 * Returns new tensors and the total norm; the caller disposes both (and its own gradients).
 * With `errorIfNonfinite`, a NaN or infinite total rejects (leaving nothing allocated).
 *
 * ```ts
 * const { grads: clipped, totalNorm } = await clipGradNorm(grads, 1.0);
 * await optimizer.step(clipped);
 * tf.dispose([clipped, totalNorm, grads]);
 * ```
 */
export async function clipGradNorm(grads: NamedTensors, maxNorm: number, options: ClipGradNormOptions = {}): Promise<ClipGradNormResult> {
  checkNamedTensors('clipGradNorm', grads);
  checkPositive('clipGradNorm', 'maxNorm', maxNorm);
  checkKeys('clipGradNorm', options, ['normType', 'errorIfNonfinite']);
  const { normType = 2, errorIfNonfinite = false } = options;
  checkNormType('clipGradNorm', normType);
  checkBoolean('clipGradNorm', 'errorIfNonfinite', errorIfNonfinite);
  const totalNorm = normOf(grads, normOrder(normType));
  if (errorIfNonfinite) {
    const value = await totalNorm.data().then((v) => v[0]!, (error: unknown) => ({ error }));
    checkFiniteNorm('clipGradNorm', normType, totalNorm, value);
  }
  return { grads: scaleToNorm(grads, totalNorm, maxNorm), totalNorm };
}
