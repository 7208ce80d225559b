import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { gradientCheck, residualBlock } from '../src/index.js';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak } from './helpers.js';


describeBackends('residualBlock', (backend) => {
  it('identity shortcut: relu(bn2(conv2(relu(bn1(conv1 x)))) + x)', async () => {
    const block = residualBlock(2, 2, { seed: 0 });
    expect(block.downsample).toBeUndefined();
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 1);
    const y = expectNoLeak(() => block.apply(x, { training: false }));
    const expected = tf.tidy(() => {
      const o = { training: false };
      const h = tf.relu(block.bn1.apply(block.conv1.apply(x), o));
      return tf.relu(tf.add(block.bn2.apply(block.conv2.apply(h), o), x));
    });
    await expectTensorsClose(y, expected, { rtol: 1e-6, atol: 1e-6 });
    tf.dispose([x, y, expected]);
    block.dispose();
  });

  it('projection shortcut when the stride or width changes: output [N, H/2, W/2, out]', () => {
    const block = residualBlock(2, 4, { stride: 2, seed: 0 });
    expect(Object.keys(block.parameters())).toEqual([
      'conv1.kernel', 'bn1.gamma', 'bn1.beta', 'conv2.kernel', 'bn2.gamma', 'bn2.beta', 'downsample.0.kernel', 'downsample.1.gamma', 'downsample.1.beta',
    ]);
    const x = tf.ones([1, 4, 4, 2]);
    const y = expectNoLeak(() => block.apply(x));
    expect(y.shape).toEqual([1, 2, 2, 4]);
    tf.dispose([x, y]);
    block.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (projection, eval mode)', async () => {
    // Finite differences are wrong across relu's kink: use the first seed whose relu inputs
    // all lie more than 0.05 (several steps h = 1e-2) from 0.
    for (let seed = 0; ; seed++) {
      const block = residualBlock(1, 2, { seed }).eval();
      const x = tf.randomNormal([1, 3, 3, 1], 0, 1, 'float32', seed + 100);
      const m = tf.tidy(() => {
        const a1 = block.bn1.apply(block.conv1.apply(x));
        const a2 = tf.add(block.bn2.apply(block.conv2.apply(tf.relu(a1))), block.downsample!.apply(x));
        return tf.minimum(tf.min(tf.abs(a1)), tf.min(tf.abs(a2)));
      });
      const margin = (await m.data())[0]!;
      m.dispose();
      if (margin > 0.05) {
        const r = await expectNoLeak(() => gradientCheck(({ x }) => block.apply(x), { x, ...block.parameters() }));
        expect(r.maxRelativeError).toBeLessThan(1e-3);
        x.dispose();
        block.dispose();
        break;
      }
      x.dispose();
      block.dispose();
    }
  });
});

describe('residualBlock', () => {
  it('throws on an impossible identity shortcut and a wrong channel count', () => {
    expectThrowNoLeak(() => residualBlock(2, 4, { shortcut: 'identity' }), 'residualBlock: an identity shortcut needs stride 1 and inChannels === outChannels');
    const block = residualBlock(2, 2, { seed: 0 });
    const x = tf.ones([1, 4, 4, 3]);
    expectThrowNoLeak(() => block.apply(x), 'residualBlock: expected input of shape [N, H, W, 2], got [1, 4, 4, 3]');
    x.dispose();
    block.dispose();
  });
});
