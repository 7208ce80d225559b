import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBoolean, checkKeys, checkPositive, checkUnit } from './internal/check.js';
import { ema, emaSquare } from './internal/ops.js';
import { perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';
import { describeFusable } from './internal/fused.js';

export interface ScaleByRmsOptions {
  /** Smoothing constant (PyTorch `alpha`), default 0.99. */
  alpha?: number;
  /** Added to the root (outside it, as PyTorch), default 1e-8. */
  eps?: number;
  /** Divide by the centred second moment (an estimate of the variance), default false. */
  centered?: boolean;
}

export interface RmsState {
  readonly squareAvg: NamedTensors;
  readonly gradAvg: NamedTensors | null;
}

/**
 * RMSprop's preconditioner: `v = alpha v + (1 - alpha) g²`, update `g / (sqrt(v) + eps)`;
 * centred: `g / (sqrt(v - m²) + eps)` with `m` the running mean of `g`.
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<RmsState> {
  checkKeys('scaleByRms', options, ['alpha', 'eps', 'centered']);
  const { alpha = 0.99, eps = 1e-8, centered = false } = options;
  checkUnit('scaleByRms', 'alpha', alpha);
  checkPositive('scaleByRms', 'eps', eps);
  checkBoolean('scaleByRms', 'centered', centered);
  return describeFusable<GradientTransformation<RmsState>>({
    init: (params) => ({ squareAvg: zerosLike(params), gradAvg: centered ? zerosLike(params) : null }),
    update(grads, state) {
      const rows = perParam(Object.keys(grads), (n) => {
        const g = grads[n]!;
        const sq = emaSquare(state.squareAvg[n]!, g, alpha);
        const row: Record<string, tf.Tensor> = { sq };
        let v = sq;
        if (state.gradAvg !== null) {
          const m = ema(state.gradAvg[n]!, g, alpha);
          row.m = m;
          v = tf.sub(sq, tf.mul(m, m));
        }
        row.update = tf.div(g, tf.add(tf.sqrt(v), eps));
        return row;
      });
      return {
        updates: pick(rows, 'update'),
        state: { squareAvg: pick(rows, 'sq'), gradAvg: state.gradAvg === null ? null : pick(rows, 'm') },
      };
    },
  }, { kind: 'rms', alpha, eps, centered });
}
