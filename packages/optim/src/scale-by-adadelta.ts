import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkClosedUnit, checkKeys, checkPositive } from './internal/check.js';
import { emaSquare } from './internal/ops.js';
import { perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

export interface ScaleByAdadeltaOptions {
  /** Decay of both running averages (PyTorch `rho`), default 0.9. */
  rho?: number;
  /** Inside both roots, default 1e-6. */
  eps?: number;
}

export interface AdadeltaState {
  readonly squareAvg: NamedTensors;
  readonly accDelta: NamedTensors;
}

/**
 * Adadelta: `v = rho v + (1 - rho) g²`, `delta = sqrt(u + eps) / sqrt(v + eps) * g`,
 * `u = rho u + (1 - rho) delta²`; the update is `delta`.
 */
export function scaleByAdadelta(options: ScaleByAdadeltaOptions = {}): GradientTransformation<AdadeltaState> {
  checkKeys('scaleByAdadelta', options, ['rho', 'eps']);
  const { rho = 0.9, eps = 1e-6 } = options;
  checkClosedUnit('scaleByAdadelta', 'rho', rho);
  checkPositive('scaleByAdadelta', 'eps', eps);
  return {
    init: (params) => ({ squareAvg: zerosLike(params), accDelta: zerosLike(params) }),
    update(grads, state) {
      const rows = perParam(Object.keys(grads), (n) => {
        const g = grads[n]!;
        const sq = emaSquare(state.squareAvg[n]!, g, rho);
        const std = tf.sqrt(tf.add(sq, eps));
        const delta = tf.mul(tf.div(tf.sqrt(tf.add(state.accDelta[n]!, eps)), std), g);
        return { sq, acc: emaSquare(state.accDelta[n]!, delta, rho), delta };
      });
      return { updates: pick(rows, 'delta'), state: { squareAvg: pick(rows, 'sq'), accDelta: pick(rows, 'acc') } };
    },
  };
}
