import { checkNonNegative } from './internal/check.js';
import { axpy } from './internal/ops.js';
import { needParams, perParam } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

/**
 * Adds `weightDecay * param` to the updates. Placed before the preconditioner it is coupled
 * L2 regularisation (PyTorch's `weight_decay` in SGD, Adam, ...); placed after it and before
 * `scaleByLearningRate` it is decoupled weight decay (AdamW: `p -= lr * wd * p`).
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  checkNonNegative('addDecayedWeights', 'weightDecay', weightDecay);
  return {
    init: () => ({}),
    update(grads, state, params) {
      if (weightDecay === 0) return { updates: grads, state };
      const p = needParams('addDecayedWeights', params);
      return { updates: perParam(Object.keys(grads), (n) => axpy(grads[n]!, p[n]!, weightDecay)), state };
    },
  };
}
