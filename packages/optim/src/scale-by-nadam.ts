import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkBetas, checkKeys, checkNonNegative, checkPositive } from './internal/check.js';
import { ema, emaSquare } from './internal/ops.js';
import { perName, perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

export interface ScaleByNadamOptions {
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** PyTorch `momentum_decay` (psi), default 4e-3. */
  momentumDecay?: number;
}

export interface NadamState {
  /** Updates so far, per parameter (PyTorch's per-parameter `state['step']`). */
  readonly count: Readonly<Record<string, number>>;
  /** Product of the momentum schedule so far, per parameter, kept in float32 as PyTorch keeps it (`state['mu_product']`). */
  readonly muProduct: Readonly<Record<string, number>>;
  readonly mu: NamedTensors;
  readonly nu: NamedTensors;
}

/**
 * NAdam (Dozat) with PyTorch's momentum schedule `mu_t = b1 (1 - 0.5 * 0.96^(t psi))`:
 * update `(1 - mu_t) / (1 - prod mu) * g / d + mu_{t+1} / (1 - prod mu * mu_{t+1}) * m / d`,
 * `d = sqrt(v) / sqrt(1 - b2^t) + eps`, t and the product per parameter.
 */
export function scaleByNadam(options: ScaleByNadamOptions = {}): GradientTransformation<NadamState> {
  checkKeys('scaleByNadam', options, ['betas', 'eps', 'momentumDecay']);
  const { betas = [0.9, 0.999], eps = 1e-8, momentumDecay = 4e-3 } = options;
  checkBetas('scaleByNadam', betas);
  checkPositive('scaleByNadam', 'eps', eps);
  checkNonNegative('scaleByNadam', 'momentumDecay', momentumDecay);
  const [b1, b2] = betas;
  return {
    init: (params) => ({ count: perName(params, 0), muProduct: perName(params, 1), mu: zerosLike(params), nu: zerosLike(params) }),
    update(grads, state) {
      const count: Record<string, number> = {};
      const muProduct: Record<string, number> = {};
      const rows = perParam(Object.keys(grads), (n) => {
        const t = (count[n] = state.count[n]! + 1);
        const bc2Sqrt = Math.sqrt(1 - b2 ** t);
        const mu = b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
        const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
        const product = (muProduct[n] = Math.fround(state.muProduct[n]! * Math.fround(mu)));
        const gradScale = (1 - mu) / (1 - product);
        const momentScale = muNext / (1 - product * muNext);
        const g = grads[n]!;
        const m = ema(state.mu[n]!, g, b1);
        const v = emaSquare(state.nu[n]!, g, b2);
        const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), eps);
        return { m, v, update: tf.add(tf.mul(tf.div(g, denom), gradScale), tf.mul(tf.div(m, denom), momentScale)) };
      });
      return { updates: pick(rows, 'update'), state: { count, muProduct, mu: pick(rows, 'm'), nu: pick(rows, 'v') } };
    },
  };
}
