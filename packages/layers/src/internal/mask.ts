import { tf } from '@dl/core';
import type { Rng } from '@dl/core';

/**
 * A keep-mask scaled by 1/(1 − p): ones kept with probability 1 − p. Drawn from `rng` through
 * TF.js's seeded uniform (generated on the host), so a seed gives the same mask on every backend.
 */
export function scaledMask(shape: number[], p: number, rng: Rng): tf.Tensor {
  if (p === 1) return tf.zeros(shape);
  const u = tf.randomUniform(shape, 0, 1, 'float32', rng.seed());
  return tf.mul(tf.cast(tf.greaterEqual(u, p), 'float32'), 1 / (1 - p));
}
