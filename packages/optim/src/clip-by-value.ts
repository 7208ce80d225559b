import { tf } from '@dl/core';
import { checkPositive } from './internal/check.js';
import { perParam } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

/** Clamps every element to `[-clipValue, clipValue]`, PyTorch's `clip_grad_value_`. */
export function clipByValue(clipValue: number): GradientTransformation<Record<string, never>> {
  checkPositive('clipByValue', 'clipValue', clipValue);
  return {
    init: () => ({}),
    update: (grads, state) => ({
      updates: perParam(Object.keys(grads), (n) => tf.clipByValue(grads[n]!, -clipValue, clipValue)),
      state,
    }),
  };
}
