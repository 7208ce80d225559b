import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkKeys, checkNonNegative, checkPositive } from './internal/check.js';
import { perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';
import { describeFusable } from './internal/fused.js';

export interface ScaleByRssOptions {
  /** Starting value of the sum of squares (PyTorch `initial_accumulator_value`), default 0. */
  initialAccumulatorValue?: number;
  /** Added to the root, default 1e-10 (PyTorch's Adagrad). */
  eps?: number;
}

export interface RssState {
  readonly sum: NamedTensors;
}

/** Adagrad's preconditioner: `sum += g²`, update `g / (sqrt(sum) + eps)`. */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<RssState> {
  checkKeys('scaleByRss', options, ['initialAccumulatorValue', 'eps']);
  const { initialAccumulatorValue = 0, eps = 1e-10 } = options;
  checkNonNegative('scaleByRss', 'initialAccumulatorValue', initialAccumulatorValue);
  checkPositive('scaleByRss', 'eps', eps);
  return describeFusable<GradientTransformation<RssState>>({
    init: (params) => ({ sum: zerosLike(params, initialAccumulatorValue) }),
    update(grads, state) {
      const rows = perParam(Object.keys(grads), (n) => {
        const g = grads[n]!;
        const sum = tf.add(state.sum[n]!, tf.mul(g, g));
        return { sum, update: tf.div(g, tf.add(tf.sqrt(sum), eps)) };
      });
      return { updates: pick(rows, 'update'), state: { sum: pick(rows, 'sum') } };
    },
  }, { kind: 'rss', eps });
}
