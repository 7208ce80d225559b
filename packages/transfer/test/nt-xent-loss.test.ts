import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import fx from './fixtures/proxy-losses.json';
import { ntXentLoss } from '../src/index.js';
import { TOL } from './support.js';

// SimCLR's NT-Xent against PyTorch 1.13 (scripts/fixtures/transfer/gen_proxy_losses.py): values for
// each reduction and the gradients of the mean, at 1e-5, on every backend.
describeBackends('ntXentLoss against PyTorch', () => {
  for (const [i, c] of fx.ntXent.entries()) {
    it(`case ${i} (N = ${c.z1.length}, temperature ${c.temperature}): values and gradients`, async () => {
      const z1 = tf.tensor2d(c.z1);
      const z2 = tf.tensor2d(c.z2);
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        const v = ntXentLoss(z1, z2, { temperature: c.temperature, reduction });
        await expectTensorsClose(v, c[reduction] as never, { ...TOL, message: reduction });
        v.dispose();
      }
      const [g1, g2] = tf.grads((p: tf.Tensor, q: tf.Tensor) => ntXentLoss(p, q, { temperature: c.temperature }))([z1, z2]);
      await expectTensorsClose(g1!, c.grad1, { ...TOL, message: 'dL/dz1' });
      await expectTensorsClose(g2!, c.grad2, { ...TOL, message: 'dL/dz2' });
      tf.dispose([z1, z2, g1!, g2!]);
    });
  }

  it('leaks nothing, also through its gradient', () => {
    const c = fx.ntXent[0]!;
    const [z1, z2] = [tf.tensor2d(c.z1), tf.tensor2d(c.z2)];
    expectNoLeak(() => {
      ntXentLoss(z1, z2, { temperature: 0.5 }).dispose();
      tf.dispose(tf.grads((p: tf.Tensor, q: tf.Tensor) => ntXentLoss(p, q, { temperature: 0.5 }))([z1, z2]));
    });
    tf.dispose([z1, z2]);
  });
});

describe('ntXentLoss: bad inputs throw before any tensor is made', () => {
  it('temperature required and > 0, shapes, options', () => {
    const [z, z3, z1d, empty] = [tf.ones([4, 3]), tf.ones([4, 2]), tf.ones([4]), tf.ones([0, 3])];
    const before = tf.memory().numTensors;
    expect(() => ntXentLoss(z, z, {} as never)).toThrow(new TypeError('ntXentLoss: options.temperature is required (a number > 0; SimCLR used 0.1 to 1)'));
    expect(() => ntXentLoss(z, z, undefined as never)).toThrow('ntXentLoss: options must be an object');
    expect(() => ntXentLoss(z, z, { temperature: 0 })).toThrow('ntXentLoss: temperature must be a finite number > 0, got 0');
    expect(() => ntXentLoss(z, z, { temperature: -0.5 })).toThrow(RangeError);
    expect(() => ntXentLoss(z, z, { temperature: Infinity })).toThrow(RangeError);
    expect(() => ntXentLoss(z, z3, { temperature: 0.5 })).toThrow('ntXentLoss: z1 and z2 must have the same shape, got [4, 3] and [4, 2]');
    expect(() => ntXentLoss(z1d, z1d, { temperature: 0.5 })).toThrow('ntXentLoss: z1 must be [N, d], got shape [4]');
    expect(() => ntXentLoss(empty, empty, { temperature: 0.5 })).toThrow('ntXentLoss: need at least one pair of views, got N = 0');
    expect(() => ntXentLoss(z, [1] as never, { temperature: 0.5 })).toThrow(TypeError);
    expect(() => ntXentLoss(z, z, { temperature: 0.5, tau: 1 } as never)).toThrow("ntXentLoss: unknown option 'tau'");
    expect(() => ntXentLoss(z, z, { temperature: 0.5, reduction: 'batch' as never })).toThrow("reduction must be 'mean', 'sum' or 'none'");
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, z3, z1d, empty]);
  });
});
