import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { dense, sequential } from '@dl/layers';
import { evaluate } from '@dl/train';
import { ensemblePredict, evaluateEnsemble } from '../src/index.js';

const make = (seed: number) => sequential(dense(4, 3, { seed }));

describeBackends('evaluateEnsemble', () => {
  it("scores each member as @dl/train's evaluate does, and the ensemble from its merged prediction", async () => {
    const models = [make(1), make(2), make(3)];
    const x = tf.randomNormal([50, 4], 0, 1, 'float32', 4);
    const y = tf.tensor1d(Array.from({ length: 50 }, (_, i) => i % 3), 'int32');
    const r = await expectNoLeak(() => evaluateEnsemble(models, { x, y }, { topK: 2, batchSize: 16 }));
    for (let i = 0; i < 3; i++) {
      const e = await evaluate(models[i]!, { x, y }, { topK: 2 });
      expect(r.members[i]!.loss).toBeCloseTo(e.loss, 5);
      expect(r.members[i]!.accuracy).toBe(e.accuracy);
      expect(r.members[i]!.topK).toBe(e.topK);
    }
    const p = ensemblePredict(models, x);
    const pv = (await p.array()) as number[][];
    const yv = Array.from(await y.data());
    const nll = -pv.reduce((s, row, i) => s + Math.log(row[yv[i]!]!), 0) / 50;
    const acc = pv.filter((row, i) => row.indexOf(Math.max(...row)) === yv[i]).length / 50;
    expect(r.ensemble.loss).toBeCloseTo(nll, 5);
    expect(r.ensemble.accuracy).toBe(acc);
    expect(r.count).toBe(50);
    const vote = await evaluateEnsemble(models, { x, y }, { merge: 'vote' });
    expect(vote.ensemble.loss).toBeNaN();
    tf.dispose([x, y, p]);
    models.forEach((m) => m.dispose());
  });
});

describe('evaluateEnsemble errors', () => {
  it('rejects an empty ensemble and mismatched data before any tensor, and leaks nothing when a member throws', async () => {
    const a = make(1);
    const x = tf.ones([4, 4]);
    const y = tf.tensor1d([0, 1, 2, 0], 'int32');
    await expect(evaluateEnsemble([], { x, y })).rejects.toThrow(/evaluateEnsemble: the ensemble is empty/);
    await expect(evaluateEnsemble([a], { x, y: tf.tensor1d([0], 'int32') })).rejects.toThrow(/4 inputs but 1 labels/);
    const bad = sequential(dense(5, 3));
    await expectNoLeak(() => expect(evaluateEnsemble([a, bad], { x, y }, { sameArchitecture: false })).rejects.toThrow());
    tf.dispose([x, y]);
    a.dispose();
    bad.dispose();
  });
});
