import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import type { Module } from '@dl/layers';

/**
 * Runs `fn` with `weights` loaded into `model` (names it lacks keep the model's current values),
 * and puts the model's own weights back afterwards, whether `fn` returns or throws. Used to
 * evaluate averaged weights without a second copy of the network.
 */
export async function withWeights<T>(model: Module, weights: NamedTensors, fn: () => Promise<T> | T): Promise<T> {
  const saved = model.stateDict();
  try {
    model.loadStateDict({ ...saved, ...weights });
    return await fn();
  } finally {
    model.loadStateDict(saved);
    tf.dispose(saved);
  }
}
