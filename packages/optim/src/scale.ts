import { tf } from '@dl/core';
import { checkNumber } from './internal/check.js';
import { perParam } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

type Empty = Record<string, never>;

/** Multiplies updates by a constant (`scale(-1)` turns descent into ascent: PyTorch's `maximize`). */
export function scale(factor: number): GradientTransformation<Empty> {
  checkNumber('scale', 'factor', factor);
  return {
    init: () => ({}),
    update: (grads, state) => ({
      updates: factor === 1 ? grads : perParam(Object.keys(grads), (n) => tf.mul(grads[n]!, factor)),
      state,
    }),
  };
}
