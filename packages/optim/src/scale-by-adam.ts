import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBetas, checkBoolean, checkKeys, checkPositive } from './internal/check.js';
import { ema, emaSquare } from './internal/ops.js';
import { perName, perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';
import { describeFusable } from './internal/fused.js';

export interface ScaleByAdamOptions {
  /** Decays of the first and second moments, default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the bias-corrected root, default 1e-8. */
  eps?: number;
  /** Divide by the running maximum of the second moment (AMSGrad), default false. */
  amsgrad?: boolean;
}

export interface AdamState {
  /** Updates so far, per parameter (PyTorch's per-parameter `state['step']`). */
  readonly count: Readonly<Record<string, number>>;
  readonly mu: NamedTensors;
  readonly nu: NamedTensors;
  readonly nuMax: NamedTensors | null;
}

/**
 * Adam's preconditioner in PyTorch's arithmetic: `m = b1 m + (1 - b1) g`,
 * `v = b2 v + (1 - b2) g²` (AMSGrad: `vmax = max(vmax, v)`), update
 * `m / (1 - b1^t) / (sqrt(v) / sqrt(1 - b2^t) + eps)`, t counting from 1 per parameter.
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<AdamState> {
  checkKeys('scaleByAdam', options, ['betas', 'eps', 'amsgrad']);
  const { betas = [0.9, 0.999], eps = 1e-8, amsgrad = false } = options;
  checkBetas('scaleByAdam', betas);
  checkPositive('scaleByAdam', 'eps', eps);
  checkBoolean('scaleByAdam', 'amsgrad', amsgrad);
  const [b1, b2] = betas;
  return describeFusable<GradientTransformation<AdamState>>({
    init: (params) => ({ count: perName(params, 0), mu: zerosLike(params), nu: zerosLike(params), nuMax: amsgrad ? zerosLike(params) : null }),
    update(grads, state) {
      const count: Record<string, number> = {};
      const rows = perParam(Object.keys(grads), (n) => {
        const t = (count[n] = state.count[n]! + 1);
        // bias corrections in float64, as PyTorch computes them in Python
        const bc1 = 1 - b1 ** t;
        const bc2Sqrt = Math.sqrt(1 - b2 ** t);
        const g = grads[n]!;
        const m = ema(state.mu[n]!, g, b1);
        const v = emaSquare(state.nu[n]!, g, b2);
        const row: Record<string, tf.Tensor> = { m, v };
        let vHat = v;
        if (state.nuMax !== null) vHat = row.vMax = tf.maximum(state.nuMax[n]!, v);
        const denom = tf.add(tf.div(tf.sqrt(vHat), bc2Sqrt), eps);
        row.update = tf.div(tf.div(m, denom), bc1);
        return row;
      });
      return {
        updates: pick(rows, 'update'),
        state: { count, mu: pick(rows, 'm'), nu: pick(rows, 'v'), nuMax: state.nuMax === null ? null : pick(rows, 'vMax') },
      };
    },
  }, { kind: 'adam', beta1: b1, beta2: b2, eps, amsgrad });
}
