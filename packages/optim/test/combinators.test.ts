// chain, masked, partition, injectHyperparams.
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { addDecayedWeights, applyUpdates, chain, clipByGlobalNorm, scaleByAdam, scaleByLearningRate, masked, partition, setToZero, injectHyperparams, setHyperparams } from '../src/index.js';
import { cases } from './support/fixtures.js';

describeBackends('chain', () => {
  it('composes transforms Optax-style: chain(scaleByAdam(), scaleByLearningRate(lr)) is torch.optim.Adam', async () => {
    const c = cases('adam').find((x) => Object.keys(x.options).length === 0)!;
    const tx = chain(scaleByAdam(), scaleByLearningRate(1e-3));
    let params = Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, tf.tensor(c.params[n]!, s)]));
    let state = tx.init(params);
    for (let s = 0; s < c.grads.length; s++) {
      const grads = Object.fromEntries(Object.entries(c.shapes).map(([n, sh]) => [n, tf.tensor(c.grads[s]![n]!, sh)]));
      const { next, nextState } = expectNoLeak(() =>
        tf.tidy(() => {
          const { updates, state: st } = tx.update(grads, state, params);
          return { next: applyUpdates(params, updates), nextState: st } as unknown as tf.TensorContainer;
        }) as unknown as { next: typeof params; nextState: typeof state },
      );
      tf.dispose([...Object.values(grads), ...Object.values(params), state as unknown as tf.Tensor[]]);
      params = next;
      state = nextState;
    }
    const expected = Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, tf.tensor(c.trajectory.at(-1)![n]!, s)]));
    await expectTensorsClose(params, expected, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([...Object.values(params), ...Object.values(expected), state as unknown as tf.Tensor[]]);
  });
});

describeBackends('README', () => {
  it('the chain example: AdamW with clipping, by hand', async () => {
    let params: Record<string, tf.Tensor> = { w: tf.tensor1d([1, -1]) };
    const grads = { w: tf.tensor1d([30, 40]) };
    const tx = chain(clipByGlobalNorm(1), scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3)); // AdamW with clipping
    let state = tx.init(params);
    const { updates, state: next } = tx.update(grads, state, params);
    const old = params;
    params = applyUpdates(params, updates);
    await expectTensorsClose(params.w!, [1 - 1e-3 - 1e-5, -1 - 1e-3 + 1e-5], { rtol: 1e-6 });
    await expectTensorsClose((next[0] as { globalNorm: tf.Scalar }).globalNorm, 50);
    tf.dispose([old.w!, params.w!, grads.w, state as never, next as never, updates as never]);
  });
});

describe('chain arguments', () => {
  it('rejects things that are not transformations', () => {
    expect(() => chain({} as never)).toThrow('chain: argument 0 is not a gradient transformation');
  });
});

describeBackends('masked', () => {
  it('applies the inner transformation to the selected parameters only', async () => {
    const params = { 'dense.kernel': tf.tensor1d([2]), 'dense.bias': tf.tensor1d([2]) };
    const grads = { 'dense.kernel': tf.tensor1d([1]), 'dense.bias': tf.tensor1d([1]) };
    const t = masked(addDecayedWeights(0.5), (name) => name.endsWith('kernel'));
    const r = t.update(grads, t.init(params), params);
    expect(await r.updates['dense.kernel']!.data()).toEqual(new Float32Array([2]));
    // unselected: the gradient itself, passed on without a copy
    expect(r.updates['dense.bias']).toBe(grads['dense.bias']);
    const kernel = expectNoLeak(() => t.update(grads, t.init(params), params).updates['dense.kernel']!);
    kernel.dispose();
    r.updates['dense.kernel']!.dispose();
    tf.dispose([...Object.values(params), ...Object.values(grads)]);
  });
});

describe('masked options', () => {
  it('needs a record or a function', () => {
    expect(() => masked(addDecayedWeights(0), null as never)).toThrow(TypeError);
  });
});

describeBackends('partition', () => {
  it('gives each label its own transformation', async () => {
    const grads = { a: tf.tensor1d([1]), b: tf.tensor1d([1]), c: tf.tensor1d([1]) };
    const t = partition({ slow: scaleByLearningRate(0.1), fast: scaleByLearningRate(1), frozen: setToZero() }, { a: 'slow', b: 'fast', c: 'frozen' });
    const r = expectNoLeak(() => t.update(grads, t.init(grads)));
    const values = await Promise.all(['a', 'b', 'c'].map(async (n) => (await r.updates[n]!.data())[0]));
    expect(values.map((v) => Math.fround(v!))).toEqual([Math.fround(-0.1), -1, 0]);
    tf.dispose([...Object.values(grads), ...Object.values(r.updates)]);
  });
});

describe('partition options', () => {
  it('rejects unknown labels', () => {
    expect(() => partition({ a: setToZero() }, { x: 'b' })).toThrow('partition: parameter "x" has unknown label "b"');
    expect(() => partition({}, {})).toThrow(TypeError);
  });
});

describeBackends('injectHyperparams', () => {
  it('keeps the options in the state, so they can change mid-run', async () => {
    const make = injectHyperparams((o: { lr: number }) => scaleByLearningRate(o.lr));
    const t = make({ lr: 0.5 });
    const g = { x: tf.tensor1d([1]) };
    const s0 = t.init(g);
    expect(s0.hyperparams).toEqual({ lr: 0.5 });
    const s1 = setHyperparams(t, s0, { lr: 2 });
    const r = expectNoLeak(() => t.update(g, s1));
    expect(await r.updates.x!.data()).toEqual(new Float32Array([-2]));
    expect(() => setHyperparams(t, s1, { lr: -1 })).toThrow('scaleByLearningRate: lr must be >= 0, got -1');
    tf.dispose([g.x, r.updates.x!]);
  });
});

describe('injectHyperparams options', () => {
  it('validates through the factory before any tensor is made', () => {
    const make = injectHyperparams((o: { lr: number }) => scaleByLearningRate(o.lr));
    expect(() => make({ lr: -0.5 })).toThrow('scaleByLearningRate: lr must be >= 0, got -0.5');
    expect(() => make(3 as never)).toThrow('injectHyperparams: options must be an object, got 3');
  });
});
