import type { NamedTensors } from '@dl/core';
import { tf } from '@dl/core';
import type { GradientTransformation, StateValue } from './types.js';

/** Labels by name (a record) or by a function of the name and tensor. */
export type Labels = Readonly<Record<string, string>> | ((name: string, tensor: tf.Tensor) => string);

function labelOf(labels: Labels, name: string, tensor: tf.Tensor, known: readonly string[]): string {
  const label = typeof labels === 'function' ? labels(name, tensor) : labels[name];
  if (typeof label !== 'string' || !known.includes(label)) {
    throw new RangeError(
      `partition: parameter ${JSON.stringify(name)} has label ${JSON.stringify(label)}, expected one of ${known.map((k) => JSON.stringify(k)).join(', ')}`,
    );
  }
  return label;
}

function split(tensors: NamedTensors, names: Record<string, string>, label: string): NamedTensors {
  const out: NamedTensors = {};
  for (const [n, l] of Object.entries(names)) if (l === label && tensors[n] !== undefined) out[n] = tensors[n]!;
  return out;
}

/**
 * Param groups after Optax's `multi_transform`: each parameter gets a label, and each label
 * its own transformation (its own lr, weight decay, or `setToZero()` to freeze). The state
 * holds one inner state per label.
 */
export function partition(
  transforms: Readonly<Record<string, GradientTransformation<any>>>,
  labels: Labels,
): GradientTransformation<Record<string, StateValue>> {
  const known = Object.keys(transforms);
  if (known.length === 0) throw new TypeError('partition: needs at least one transformation');
  if (typeof labels !== 'function') {
    for (const [n, l] of Object.entries(labels)) {
      if (!known.includes(l)) throw new RangeError(`partition: parameter ${JSON.stringify(n)} has unknown label ${JSON.stringify(l)}`);
    }
  }
  const label = (tensors: NamedTensors): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [n, t] of Object.entries(tensors)) out[n] = labelOf(labels, n, t, known);
    return out;
  };
  return {
    init(params) {
      const names = label(params);
      const state: Record<string, StateValue> = {};
      for (const l of known) state[l] = transforms[l]!.init(split(params, names, l));
      return state;
    },
    update(grads, state, params) {
      const names = label(grads);
      const updates: NamedTensors = {};
      const next: Record<string, StateValue> = {};
      for (const l of known) {
        const r = transforms[l]!.update(split(grads, names, l), state[l], params && split(params, names, l));
        Object.assign(updates, r.updates);
        next[l] = r.state as StateValue;
      }
      return { updates, state: next };
    },
  };
}
