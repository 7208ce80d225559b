import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import type { GradientTransformation } from '../../src/index.js';

/** Two updates of `t` on `g` (params `p`), inside expectNoLeak; returns both updates' values. */
export async function twoUpdates(t: GradientTransformation<any>, g: number[], p: number[] = g.map(() => 1)): Promise<number[][]> {
  const params = { x: tf.tensor1d(p) };
  const grads = { x: tf.tensor1d(g) };
  const out = await expectNoLeak(async () => {
    const s0 = tf.tidy(() => t.init(params) as tf.TensorContainer) as unknown;
    const r1 = tf.tidy(() => t.update(grads, s0, params) as unknown as tf.TensorContainer) as unknown as { updates: { x: tf.Tensor }; state: unknown };
    const r2 = tf.tidy(() => t.update(grads, r1.state, params) as unknown as tf.TensorContainer) as unknown as { updates: { x: tf.Tensor }; state: unknown };
    const values = [Array.from(await r1.updates.x.data()), Array.from(await r2.updates.x.data())];
    tf.dispose([s0, r1, r2] as unknown as tf.TensorContainer);
    return values;
  });
  tf.dispose([params.x, grads.x]);
  return out;
}

export const close = (a: number[], b: number[], rtol = 1e-5): boolean => a.every((x, i) => Math.abs(x - b[i]!) <= 1e-6 + rtol * Math.abs(b[i]!));
