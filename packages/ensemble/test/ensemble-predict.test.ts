import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, sequential } from '@dl/layers';
import { ensemblePredict } from '../src/index.js';
import type { CpuWeights } from '../src/index.js';

const make = (seed: number) => sequential(dense(4, 3, { seed }));
const softmax = (r: number[]) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((v) => v / s);
};

describeBackends('ensemblePredict', () => {
  const xs = [[0.5, -1, 2, 0.1], [1, 1, -0.5, 0.3], [-2, 0.2, 0.4, 1.5]];

  async function logitsOf(models: ReturnType<typeof make>[]): Promise<number[][][]> {
    const x = tf.tensor2d(xs);
    const out: number[][][] = [];
    for (const m of models) {
      const y = m.apply(x, { training: false });
      out.push((await y.array()) as number[][]);
      y.dispose();
    }
    x.dispose();
    return out;
  }

  it('merges by mean, gmean, vote, max and tsharpen as their formulas say (weights included), batched, leak-free', async () => {
    const models = [make(1), make(2), make(3)];
    const L = await logitsOf(models);
    const P = L.map((m) => m.map(softmax));
    const w = [0.5, 0.3, 0.2];
    const x = tf.tensor2d(xs);
    const refs: Record<string, (i: number, c: number) => number> = {
      mean: (i, c) => P.reduce((s, p, k) => s + w[k]! * p[i]![c]!, 0),
      tsharpen: (i, c) => P.reduce((s, p, k) => s + w[k]! * Math.sqrt(p[i]![c]!), 0),
      vote: (i, c) => P.reduce((s, p, k) => s + (p[i]!.indexOf(Math.max(...p[i]!)) === c ? w[k]! : 0), 0),
      logits: (i, c) => L.reduce((s, l, k) => s + w[k]! * l[i]![c]!, 0),
    };
    for (const merge of ['mean', 'tsharpen', 'vote'] as const) {
      const got = expectNoLeak(() => ensemblePredict(models, x, { merge, weights: w, batchSize: 2 }));
      await expectTensorsClose(got, xs.map((_, i) => [0, 1, 2].map((c) => refs[merge]!(i, c))), { rtol: 1e-5, atol: 1e-6, message: merge });
      got.dispose();
    }
    const lg = ensemblePredict(models, x, { space: 'logits', weights: w });
    await expectTensorsClose(lg, xs.map((_, i) => [0, 1, 2].map((c) => refs.logits!(i, c))), { rtol: 1e-5, atol: 1e-6 });
    const gm = ensemblePredict(models, x, { merge: 'gmean' });
    const g = xs.map((_, i) => {
      const r = [0, 1, 2].map((c) => Math.exp(P.reduce((s, p) => s + Math.log(p[i]![c]!), 0) / 3));
      const s = r.reduce((a, b) => a + b);
      return r.map((v) => v / s);
    });
    await expectTensorsClose(gm, g, { rtol: 1e-5, atol: 1e-6 });
    const mx = ensemblePredict(models, x, { merge: 'max' });
    await expectTensorsClose(mx, xs.map((_, i) => [0, 1, 2].map((c) => Math.max(...P.map((p) => p[i]![c]!)))), { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, lg, gm, mx]);
    models.forEach((m) => m.dispose());
  });

  it('takes weight sets (tensors or CPU arrays) loaded into one model, and puts its weights back', async () => {
    const models = [make(1), make(2)];
    const host = make(9);
    const hostBefore = host.stateDict();
    const x = tf.tensor2d(xs);
    const direct = ensemblePredict(models, x);
    const sets = models.map((m) => m.stateDict());
    const cpu: CpuWeights = {};
    for (const [k, t] of Object.entries(sets[1]!)) cpu[k] = { shape: t.shape, dtype: 'float32', data: (await t.data()) as Float32Array };
    const viaSets = expectNoLeak(() => ensemblePredict([sets[0]!, cpu], x, { model: host }));
    await expectTensorsClose(viaSets, direct);
    await expectTensorsClose(host.stateDict(), hostBefore);
    tf.dispose([x, direct, viaSets, sets, hostBefore]);
    [...models, host].forEach((m) => m.dispose());
  });
});

describe('ensemblePredict errors', () => {
  it('rejects an empty ensemble, other architectures, missing model, bad weights and merges before any tensor', () => {
    const a = make(1);
    const b = sequential(dense(4, 5));
    const x = tf.ones([2, 4]);
    const before = tf.memory().numTensors;
    expect(() => ensemblePredict([], x)).toThrow(/ensemblePredict: the ensemble is empty/);
    expect(() => ensemblePredict([a, b], x)).toThrow(/ensemblePredict: member 1 is of a different architecture: '0.kernel' has shape \[4, 5\], expected \[4, 3\]/);
    expect(() => ensemblePredict([a, { '0.kernel': tf.zeros([4, 3]) }], x)).toThrow(/member 1 is a weight set: give options.model/);
    expect(() => ensemblePredict([a], x, { weights: [1, 2] })).toThrow(/weights must be an array of 1 numbers/);
    expect(() => ensemblePredict([a], x, { weights: [-1] })).toThrow(/weights\[0\] must be a finite number >= 0/);
    expect(() => ensemblePredict([a], x, { merge: 'median' as never })).toThrow(/merge must be one of 'mean', 'gmean', 'vote', 'max', 'tsharpen'/);
    expect(() => ensemblePredict([a], x, { merge: 'gmean', space: 'logits' })).toThrow(/merge 'gmean' needs space 'probs'/);
    expect(() => ensemblePredict([a], x, { merge: 'max', weights: [1] })).toThrow(/weights do not apply to merge 'max'/);
    expect(() => ensemblePredict([a], x, { batch: 3 } as never)).toThrow(/unknown option 'batch'/);
    expect(tf.memory().numTensors).toBe(before + 1); // the one weight-set tensor made by the test itself
    tf.dispose([x]);
    a.dispose();
    b.dispose();
  });
  it('allows different networks with sameArchitecture: false when their outputs agree', () => {
    const a = make(1);
    const b = sequential(dense(4, 6), dense(6, 3));
    const x = tf.ones([2, 4]);
    const p = ensemblePredict([a, b], x, { sameArchitecture: false });
    expect(p.shape).toEqual([2, 3]);
    tf.dispose([x, p]);
    a.dispose();
    b.dispose();
  });
});
