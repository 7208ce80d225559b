import type { NamedTensors } from '@dl/core';
import { axpy } from './internal/ops.js';
import { checkBoolean, checkKeys, checkNonNegative } from './internal/check.js';
import { perName, perParam, pick, zerosLike } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';
import { tf } from '@dl/core';
import { describeFusable } from './internal/fused.js';

export interface TraceOptions {
  /** Momentum factor (PyTorch `momentum`). */
  momentum: number;
  /** Dampening of the new gradient, not applied on the first step (PyTorch `dampening`), default 0. */
  dampening?: number;
  /** Nesterov momentum: `g + momentum * buf` (PyTorch `nesterov`), default false. */
  nesterov?: boolean;
}

export interface TraceState {
  /** Updates so far, per parameter: 0 until a parameter's first (PyTorch's `momentum_buffer` is None until then). */
  readonly count: Readonly<Record<string, number>>;
  readonly trace: NamedTensors;
}

/**
 * Momentum as PyTorch's SGD keeps it: `buf = g` on the first step, then
 * `buf = momentum * buf + (1 - dampening) * g`; the update is `buf`, or `g + momentum * buf`
 * with Nesterov.
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  checkKeys('trace', options, ['momentum', 'dampening', 'nesterov']);
  const { momentum, dampening = 0, nesterov = false } = options;
  checkNonNegative('trace', 'momentum', momentum);
  checkNonNegative('trace', 'dampening', dampening);
  checkBoolean('trace', 'nesterov', nesterov);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError(`trace: nesterov requires momentum > 0 and dampening 0, got momentum ${momentum}, dampening ${dampening}`);
  }
  return describeFusable<GradientTransformation<TraceState>>({
    init: (params) => ({ count: perName(params, 0), trace: zerosLike(params) }),
    update(grads, state) {
      const count: Record<string, number> = {};
      const rows = perParam(Object.keys(grads), (n) => {
        const g = grads[n]!;
        count[n] = state.count[n]! + 1;
        // a copy on the first step: the state must not hold the caller's gradient
        const buf = state.count[n] === 0 ? tf.clone(g) : axpy(tf.mul(state.trace[n]!, momentum), g, 1 - dampening);
        return { buf, update: nesterov ? axpy(g, buf, momentum) : buf };
      });
      const trace = pick(rows, 'buf');
      // without Nesterov the update is the buffer itself (shared with the state, not copied)
      return { updates: pick(rows, 'update'), state: { count, trace } };
    },
  }, { kind: 'trace', momentum, dampening, nesterov });
}
