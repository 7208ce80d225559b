import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { orthogonal } from '../src/index.js';
import fx from './fixtures/init.json';
import { seedTests } from './helpers.js';

/** max |G − gain² I| with G = WᵀW for a tall [n, out] view, W Wᵀ for a wide one. */
async function gramError(w: tf.Tensor, gain: number): Promise<number> {
  const cols = w.shape[w.rank - 1]!;
  const m = tf.reshape(w, [-1, cols]);
  const [rows] = m.shape;
  const g = rows >= cols ? tf.matMul(m, m, true, false) : tf.matMul(m, m, false, true);
  const err = tf.max(tf.abs(tf.sub(g, tf.mul(tf.eye(g.shape[0]), gain * gain))));
  const v = (await err.data())[0]!;
  tf.dispose([m, g, err]);
  return v;
}

describeBackends('orthogonal', (backend) => {
  it('gives WᵀW = gain² I (tall) or W Wᵀ = gain² I (wide) within 1e-4, for the shapes PyTorch checks', async () => {
    for (const c of fx.orthogonal) {
      const w = expectNoLeak(() => orthogonal(c.shape, { gain: c.gain, seed: 5 }));
      expect(w.shape).toEqual(c.shape);
      // float32 weights; on webgl/webgpu the Gram matrix is also accumulated in float32.
      expect(await gramError(w, c.gain), `${JSON.stringify(c.shape)} on ${backend}`).toBeLessThan(1e-4 * c.gain * c.gain);
      expect(c.torchMaxGramError).toBeLessThan(1e-12);
      w.dispose();
    }
  });
  seedTests('orthogonal', orthogonal, [12, 6], { gain: 2 });
});

describe('orthogonal options', () => {
  it('throws for 1-D shapes, zero-size dims and negative gains', () => {
    expect(() => orthogonal([5])).toThrow(/orthogonal: shape must have at least 2 dimensions/);
    expect(() => orthogonal([5, 0])).toThrow(/orthogonal: shape must have no zero-size dimension/);
    expect(() => orthogonal([5, 5], { gain: -1 })).toThrow(/orthogonal: gain must be >= 0, got -1/);
  });
});
