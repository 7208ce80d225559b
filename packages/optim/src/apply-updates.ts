import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkMatching } from './internal/names.js';

/** `params + updates`, name by name (updates are added, as in Optax). Returns new tensors. */
export function applyUpdates(params: NamedTensors, updates: NamedTensors): NamedTensors {
  checkMatching('applyUpdates', updates, params, 'updates');
  const out: NamedTensors = {};
  for (const [n, p] of Object.entries(params)) out[n] = tf.tidy(() => tf.add(p, updates[n]!));
  return out;
}
