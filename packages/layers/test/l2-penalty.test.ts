import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, l2Penalty } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('l2Penalty', () => {
  it("is (λ/2) Σ‖w‖², whose gradient λw is PyTorch's weight_decay term", async () => {
    const layer = dense(3, 2, { seed: 0 });
    const params = layer.parameters();
    const p = expectNoLeak(() => l2Penalty(params, 0.1));
    const k = await params.kernel!.data();
    const b = await params.bias!.data();
    const expected = (0.05 * [...k, ...b].reduce((s, v) => s + v * v, 0));
    await expectTensorsClose(p, expected, { rtol: 1e-5 });
    const { grads, value } = tf.variableGrads(() => l2Penalty(layer.parameters(), 0.1));
    await expectTensorsClose(grads[params.kernel!.name]!, tf.mul(params.kernel!, 0.1), { rtol: 1e-5 });
    tf.dispose([p, value, ...Object.values(grads)]);
    layer.dispose();
  });
});

describe('l2Penalty', () => {
  it('throws on a negative weight decay and non-tensors', () => {
    expectThrowNoLeak(() => l2Penalty([], -1), 'l2Penalty: weightDecay must be >= 0, got -1');
    expectThrowNoLeak(() => l2Penalty([1] as never, 1), 'l2Penalty: params must hold tensors', TypeError);
    expect(true).toBe(true);
  });
});
