import { tf } from '@dl/core';
import { perParam } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

/** Zero updates: frozen parameters (a param group with `frozen: true`). */
export function setToZero(): GradientTransformation<Record<string, never>> {
  return {
    init: () => ({}),
    update: (grads, state) => ({ updates: perParam(Object.keys(grads), (n) => tf.zerosLike(grads[n]!)), state }),
  };
}
