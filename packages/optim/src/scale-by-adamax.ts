import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBetas, checkKeys, checkPositive } from './internal/check.js';
import { ema } from './internal/ops.js';
import { perName, perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

export interface ScaleByAdamaxOptions {
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** Added to |g| before the maximum, default 1e-8. */
  eps?: number;
}

export interface AdamaxState {
  /** Updates so far, per parameter (PyTorch's per-parameter `state['step']`). */
  readonly count: Readonly<Record<string, number>>;
  readonly mu: NamedTensors;
  readonly infNorm: NamedTensors;
}

/** Adamax: `m = b1 m + (1 - b1) g`, `u = max(b2 u, |g| + eps)`, update `m / u / (1 - b1^t)`, t per parameter. */
export function scaleByAdamax(options: ScaleByAdamaxOptions = {}): GradientTransformation<AdamaxState> {
  checkKeys('scaleByAdamax', options, ['betas', 'eps']);
  const { betas = [0.9, 0.999], eps = 1e-8 } = options;
  checkBetas('scaleByAdamax', betas);
  checkPositive('scaleByAdamax', 'eps', eps);
  const [b1, b2] = betas;
  return {
    init: (params) => ({ count: perName(params, 0), mu: zerosLike(params), infNorm: zerosLike(params) }),
    update(grads, state) {
      const count: Record<string, number> = {};
      const rows = perParam(Object.keys(grads), (n) => {
        const t = (count[n] = state.count[n]! + 1);
        const bc1 = 1 - b1 ** t;
        const g = grads[n]!;
        const m = ema(state.mu[n]!, g, b1);
        const u = tf.maximum(tf.mul(state.infNorm[n]!, b2), tf.add(tf.abs(g), eps));
        return { m, u, update: tf.div(tf.div(m, u), bc1) };
      });
      return { updates: pick(rows, 'update'), state: { count, mu: pick(rows, 'm'), infNorm: pick(rows, 'u') } };
    },
  };
}
