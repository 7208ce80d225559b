import type { tf } from '@dl/core';
import { collectTensors } from './internal/tree.js';
import type { GradientTransformation, StateValue } from './types.js';

/** A chain, with its parts (so an `Optimizer` can reach the hyperparameters of an optimizer inside it). */
export interface ChainTransformation extends GradientTransformation<StateValue[]> {
  readonly parts: readonly GradientTransformation<any>[];
}

/** Applies transformations one after the other; the state is the list of their states. */
export function chain(...transforms: GradientTransformation<any>[]): ChainTransformation {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.init !== 'function' || typeof t.update !== 'function') {
      throw new TypeError(`chain: argument ${i} is not a gradient transformation`);
    }
  });
  return {
    parts: [...transforms],
    init: (params) => transforms.map((t) => t.init(params) as StateValue),
    update(grads, state, params) {
      const next: StateValue[] = [];
      const intermediate: tf.Tensor[] = [];
      let updates = grads;
      transforms.forEach((t, i) => {
        const r = t.update(updates, state[i], params);
        if (updates !== grads) intermediate.push(...Object.values(updates));
        updates = r.updates;
        next.push(r.state as StateValue);
      });
      // Free what only flowed between stages (never the caller's inputs, nor anything kept in a state).
      const keep = collectTensors([next, state, updates, grads, params ?? null]);
      for (const t of intermediate) if (!keep.has(t) && !t.isDisposed) t.dispose();
      return { updates, state: next };
    },
  };
}
