import { tf } from '@dl/core';
import { partition } from './partition.js';
import type { GradientTransformation, StateValue } from './types.js';

export type Mask = Readonly<Record<string, boolean>> | ((name: string, tensor: tf.Tensor) => boolean);

const passThrough: GradientTransformation<Record<string, never>> = {
  init: () => ({}),
  update: (grads, state) => ({ updates: grads, state }),
};

/**
 * Applies `inner` only to the parameters the mask selects; the others' updates are their
 * gradients unchanged (Optax's `masked`). E.g. weight decay on kernels but not biases:
 * `masked(addDecayedWeights(1e-4), (name) => name.endsWith('kernel'))`. A name missing
 * from a record mask counts as false.
 */
export function masked(inner: GradientTransformation<any>, mask: Mask): GradientTransformation<Record<string, StateValue>> {
  if (mask === null || (typeof mask !== 'function' && typeof mask !== 'object')) {
    throw new TypeError(`masked: mask must be a record of booleans or a function, got ${String(mask)}`);
  }
  const labels = (name: string, t: tf.Tensor): string =>
    (typeof mask === 'function' ? mask(name, t) : mask[name] === true) ? 'inner' : 'rest';
  return partition({ inner, rest: passThrough }, labels);
}
