import { tf } from '@dl/core';
import { checkKeys, checkPositive } from './internal/check.js';
import { perParam } from './internal/per-param.js';
import { checkNormType, globalNorm } from './global-norm.js';
import type { NormType } from './global-norm.js';
import type { GradientTransformation } from './types.js';

export interface ClipByGlobalNormOptions {
  /** 2 (default) or 'inf'. */
  normType?: NormType;
}

export interface ClipByGlobalNormState {
  /** The global norm of the last update's input, before clipping (0 before the first). */
  readonly globalNorm: tf.Scalar;
}

/**
 * Scales all updates by `min(1, maxNorm / (norm + 1e-6))`, PyTorch's `clip_grad_norm_`
 * (whose 1e-6 Optax does not add). The norm before clipping is kept in the state
 * (`state.globalNorm`, a scalar tensor): read it to log exploding gradients.
 */
export function clipByGlobalNorm(maxNorm: number, options: ClipByGlobalNormOptions = {}): GradientTransformation<ClipByGlobalNormState> {
  checkPositive('clipByGlobalNorm', 'maxNorm', maxNorm);
  checkKeys('clipByGlobalNorm', options, ['normType']);
  const { normType = 2 } = options;
  checkNormType('clipByGlobalNorm', normType);
  return {
    init: () => ({ globalNorm: tf.scalar(0) }),
    update(grads) {
      const norm = globalNorm(grads, normType);
      const factor = tf.tidy(() => tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1));
      const updates = perParam(Object.keys(grads), (n) => tf.mul(grads[n]!, factor));
      factor.dispose();
      return { updates, state: { globalNorm: norm } };
    },
  };
}
