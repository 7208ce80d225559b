import { tf } from '@dl/core';
import { checkBoolean, checkKeys, checkPositive } from './internal/check.js';
import { checkFiniteNorm, scaleToNorm } from './internal/clip.js';
import { checkSyncReadback } from './internal/readback.js';
import { checkNormType, normOf, normOrder } from './global-norm.js';
import type { NormType } from './global-norm.js';
import type { GradientTransformation } from './types.js';

export interface ClipByGlobalNormOptions {
  /** Order of the p-norm (PyTorch `norm_type`): any number > 0, `Infinity` or `'inf'`; default 2. */
  normType?: NormType;
  /**
   * Throw when the total norm is NaN or ±Infinity (PyTorch `error_if_nonfinite`), default false.
   * It reads the norm back synchronously (`dataSync`) at every update, which WebGPU cannot do
   * reliably (not at all in Node): there it throws saying so (use `clipGradNorm`, which reads back
   * asynchronously).
   */
  errorIfNonfinite?: boolean;
}

export interface ClipByGlobalNormState {
  /** The global norm of the last update's input, before clipping (0 before the first). */
  readonly globalNorm: tf.Scalar;
}

/**
 * Scales all updates by `min(1, maxNorm / (norm + 1e-6))`, PyTorch's `clip_grad_norm_`
 * (whose 1e-6 Optax does not add), `norm` being the p-norm of the per-tensor p-norms. The
 * norm before clipping is kept in the state (`state.globalNorm`, a scalar tensor): read it to
 * log exploding gradients. With `errorIfNonfinite` a NaN or infinite norm throws from `update`
 * (the `Optimizer` runs it in `tf.tidy`, so nothing leaks and nothing changes).
 */
export function clipByGlobalNorm(maxNorm: number, options: ClipByGlobalNormOptions = {}): GradientTransformation<ClipByGlobalNormState> {
  checkPositive('clipByGlobalNorm', 'maxNorm', maxNorm);
  checkKeys('clipByGlobalNorm', options, ['normType', 'errorIfNonfinite']);
  const { normType = 2, errorIfNonfinite = false } = options;
  checkNormType('clipByGlobalNorm', normType);
  checkBoolean('clipByGlobalNorm', 'errorIfNonfinite', errorIfNonfinite);
  const p = normOrder(normType);
  return {
    init: () => ({ globalNorm: tf.scalar(0) }),
    update(grads) {
      if (errorIfNonfinite) {
        checkSyncReadback(
          'clipByGlobalNorm',
          'errorIfNonfinite',
          'call clipGradNorm(grads, maxNorm, {errorIfNonfinite: true}) before the optimizer instead (it reads back asynchronously), or set errorIfNonfinite: false',
        );
      }
      const norm = normOf(grads, p);
      if (errorIfNonfinite) {
        let value: number | { error: unknown };
        try {
          value = norm.dataSync()[0]!;
        } catch (error) {
          value = { error };
        }
        checkFiniteNorm('clipByGlobalNorm', normType, norm, value);
      }
      const clipped = scaleToNorm(grads, norm, maxNorm);
      return { updates: clipped, state: { globalNorm: norm } };
    },
  };
}
