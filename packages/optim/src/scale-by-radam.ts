import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBetas, checkKeys, checkPositive } from './internal/check.js';
import { ema, emaSquare } from './internal/ops.js';
import { perName, perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

export interface ScaleByRadamOptions {
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
}

export interface RadamState {
  /** Updates so far, per parameter (PyTorch's per-parameter `state['step']`). */
  readonly count: Readonly<Record<string, number>>;
  readonly mu: NamedTensors;
  readonly nu: NamedTensors;
}

/**
 * RAdam: Adam's moments with the variance rectification `r_t` once the approximated SMA
 * length `rho_t` exceeds 5; before that, the bias-corrected momentum alone (t per parameter).
 */
export function scaleByRadam(options: ScaleByRadamOptions = {}): GradientTransformation<RadamState> {
  checkKeys('scaleByRadam', options, ['betas', 'eps']);
  const { betas = [0.9, 0.999], eps = 1e-8 } = options;
  checkBetas('scaleByRadam', betas);
  checkPositive('scaleByRadam', 'eps', eps);
  const [b1, b2] = betas;
  const rhoInf = 2 / (1 - b2) - 1;
  return {
    init: (params) => ({ count: perName(params, 0), mu: zerosLike(params), nu: zerosLike(params) }),
    update(grads, state) {
      const count: Record<string, number> = {};
      const rows = perParam(Object.keys(grads), (n) => {
        const t = (count[n] = state.count[n]! + 1);
        const bc1 = 1 - b1 ** t;
        const bc2 = 1 - b2 ** t;
        const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
        const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        const g = grads[n]!;
        const m = ema(state.mu[n]!, g, b1);
        const v = emaSquare(state.nu[n]!, g, b2);
        const mHat = tf.div(m, bc1);
        const update = rhoT > 5 ? tf.mul(tf.div(tf.mul(mHat, Math.sqrt(bc2)), tf.add(tf.sqrt(v), eps)), rect) : mHat;
        return { m, v, update };
      });
      return { updates: pick(rows, 'update'), state: { count, mu: pick(rows, 'm'), nu: pick(rows, 'v') } };
    },
  };
}
