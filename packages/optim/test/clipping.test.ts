// Clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (test/fixtures/clipping.json).
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { clipByValue, clipByGlobalNorm, globalNorm } from '../src/index.js';
import fx from './fixtures/clipping.json';

interface ClipCase {
  kind: string;
  shapes: Record<string, number[]>;
  grads: Record<string, number[]>;
  clipped: Record<string, number[]>;
  clipValue?: number;
  maxNorm?: number;
  normType?: 2 | 'inf';
  norm?: number;
}
const named = (c: ClipCase, values: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, tf.tensor(values[n]!, s)]));

describeBackends('clipByValue matches torch.nn.utils.clip_grad_value_', () => {
  for (const c of (fx.cases as unknown as ClipCase[]).filter((x) => x.kind === 'value')) {
    it(`clipValue ${c.clipValue}`, async () => {
      const t = clipByValue(c.clipValue!);
      const grads = named(c, c.grads);
      const r = expectNoLeak(() => t.update(grads, t.init(grads)));
      await expectTensorsClose(r.updates, named(c, c.clipped), { rtol: 0, atol: 0 });
      tf.dispose([...Object.values(r.updates), ...Object.values(grads)]);
    });
  }
});

describe('clipByValue options', () => {
  it('throws before any tensor is made', () => {
    expect(() => clipByValue(-1)).toThrow('clipByValue: clipValue must be > 0, got -1');
  });
});

describeBackends('clipByGlobalNorm matches torch.nn.utils.clip_grad_norm_', () => {
  for (const c of (fx.cases as unknown as ClipCase[]).filter((x) => x.kind === 'norm')) {
    it(`maxNorm ${c.maxNorm}, normType ${c.normType}, norm ${c.norm!.toPrecision(4)}`, async () => {
      const t = clipByGlobalNorm(c.maxNorm!, { normType: c.normType === 2 ? 2 : 'inf' });
      const grads = named(c, c.grads);
      const state = t.init(grads);
      const r = expectNoLeak(() => tf.tidy(() => t.update(grads, state) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof t.update>);
      await expectTensorsClose(r.updates, named(c, c.clipped), { rtol: 1e-5, atol: 1e-6 });
      await expectTensorsClose(r.state.globalNorm, c.norm!, { rtol: 1e-5 });
      tf.dispose([state.globalNorm, r.state.globalNorm, ...Object.values(r.updates), ...Object.values(grads)]);
    });
  }
});

describe('clipByGlobalNorm options', () => {
  it('throws before any tensor is made', () => {
    expect(() => clipByGlobalNorm(0)).toThrow('clipByGlobalNorm: maxNorm must be > 0, got 0');
    expect(() => clipByGlobalNorm(1, { normType: 1 as 2 })).toThrow("clipByGlobalNorm: normType must be 2 or 'inf', got 1");
  });
});

describeBackends('globalNorm', () => {
  it('is the norm clip_grad_norm_ reports (2 and inf)', async () => {
    for (const c of fx.cases.filter((x) => x.kind === 'norm')) {
      const grads = Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, tf.tensor((c.grads as Record<string, number[]>)[n]!, s)]));
      const norm = expectNoLeak(() => globalNorm(grads, c.normType === 2 ? 2 : 'inf'));
      await expectTensorsClose(norm, c.norm!, { rtol: 1e-5 });
      tf.dispose([norm, ...Object.values(grads)]);
    }
  });

  it('is 0 for no tensors', async () => {
    const n = globalNorm({});
    expect(await n.data()).toEqual(new Float32Array([0]));
    n.dispose();
  });
});

describe('globalNorm options', () => {
  it('rejects other norm types', () => {
    expect(() => globalNorm({}, 3 as 2)).toThrow("globalNorm: normType must be 2 or 'inf', got 3");
  });
});
