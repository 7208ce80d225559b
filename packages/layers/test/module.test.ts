import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { batchNorm1d, dense, dropout, Module, relu, sequential } from '../src/index.js';
import type { ApplyOptions } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

/** A custom module, as a user writes one. */
class Mlp extends Module {
  readonly fc1 = this.addModule('fc1', dense(4, 8, { seed: 1 }));
  readonly bn = this.addModule('bn', batchNorm1d(8));
  readonly drop = this.addModule('drop', dropout(0.5));
  readonly fc2 = this.addModule('fc2', dense(8, 2, { seed: 2 }));
  readonly scale = this.addParameter('scale', () => tf.ones([2]));

  constructor() {
    super('mlp');
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const h = this.drop.apply(relu(this.bn.apply(this.fc1.apply(x), options)), options);
    return tf.mul(this.fc2.apply(h), this.scale);
  }
}

describeBackends('Module', () => {
  it('names parameters and buffers with dots through its children', () => {
    const m = new Mlp();
    expect(Object.keys(m.parameters())).toEqual(['scale', 'fc1.kernel', 'fc1.bias', 'bn.gamma', 'bn.beta', 'fc2.kernel', 'fc2.bias']);
    expect(Object.keys(m.buffers())).toEqual(['bn.runningMean', 'bn.runningVar', 'bn.numBatchesTracked']);
    expect(Object.keys(m.children())).toEqual(['fc1', 'bn', 'drop', 'fc2']);
    expect(m.parameters()['fc1.kernel']).toBeInstanceOf(tf.Variable);
    expect(m.parameters()['fc1.kernel']!.trainable).toBe(true);
    expect(m.buffers()['bn.runningMean']!.trainable).toBe(false);
    m.dispose();
  });

  it('train() / eval() are recursive; apply({training}) overrides the mode', async () => {
    const m = new Mlp();
    expect(m.training && m.bn.training && m.drop.training).toBe(true);
    m.eval();
    expect(m.training || m.bn.training || m.drop.training).toBe(false);
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const a = expectNoLeak(() => m.apply(x));
    const b = expectNoLeak(() => m.apply(x));
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    const c = expectNoLeak(() => m.apply(x, { training: true, rng: new Rng(0) }));
    expect(Array.from(await c.data())).not.toEqual(Array.from(await a.data()));
    expect(Array.from(await m.bn.numBatchesTracked!.data())).toEqual([1]);
    m.train();
    expect(m.drop.training).toBe(true);
    tf.dispose([x, a, b, c]);
    m.dispose();
  });

  it('stateDict() copies parameters and buffers; loadStateDict() restores them', async () => {
    const m = new Mlp();
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const state = expectNoLeak(() => m.stateDict());
    expect(Object.keys(state)).toEqual([...Object.keys(m.parameters()), ...Object.keys(m.buffers())]);
    const before = m.apply(x, { training: false });
    tf.tidy(() => m.apply(x, { training: true, rng: new Rng(1) })); // moves the running statistics
    m.parameters()['fc2.bias']!.assign(tf.tensor1d([5, 5]));
    m.loadStateDict(state);
    const after = m.apply(x, { training: false });
    await expectTensorsClose(after, before, { rtol: 0, atol: 0 });
    tf.dispose([x, before, after, ...Object.values(state)]);
    m.dispose();
  });

  it('loadStateDict() checks names and shapes before assigning anything', async () => {
    const m = dense(2, 3, { seed: 0 });
    const k = tf.zeros([2, 3]);
    const wrong = tf.zeros([3, 2]);
    const b = tf.zeros([3]);
    expectThrowNoLeak(() => m.loadStateDict({ kernel: k }), 'dense.loadStateDict: missing names [bias], unexpected names []');
    expectThrowNoLeak(() => m.loadStateDict({ kernel: wrong, bias: b }), "dense.loadStateDict: 'kernel' expected shape [2, 3], got [3, 2]");
    expect(Array.from(await m.bias!.data())).not.toEqual([0, 0, 0]);
    m.loadStateDict({ bias: b }, { strict: false });
    expect(Array.from(await m.bias!.data())).toEqual([0, 0, 0]);
    tf.dispose([k, wrong, b]);
    m.dispose();
  });

  it('dispose() frees every variable; the module can be trained with variableGrads', async () => {
    const before = tf.memory().numTensors;
    const m = new Mlp();
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const { value, grads } = tf.variableGrads(() => tf.sum(m.apply(x, { rng: new Rng(0) })) as tf.Scalar, Object.values(m.parameters()));
    expect(Object.keys(grads).length).toBe(7);
    tf.dispose([value, x, ...Object.values(grads)]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Module', () => {
  it('a constructor whose initializer throws leaves no variable behind (addParameter frees the ones made)', () => {
    expectThrowNoLeak(() => dense(3, 2, { biasInitializer: () => tf.ones([5]) }), 'dense: biasInitializer must return a tensor of shape [2], got [5]');
    expectThrowNoLeak(
      () =>
        dense(3, 2, {
          biasInitializer: () => {
            throw new RangeError('my initializer failed');
          },
        }),
      'my initializer failed',
      RangeError,
    );
  });

  it('rejects duplicate or dotted names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super('bad');
        this.addModule(name, dense(1, 1, { seed: 0 }));
        this.addModule('a', dense(1, 1, { seed: 0 }));
      }
      protected forward(x: tf.Tensor): tf.Tensor {
        return x;
      }
    }
    expect(() => new Bad('a.b')).toThrow("bad: a name must be non-empty and have no dot, got 'a.b'");
    expect(() => new Bad('a')).toThrow("bad: 'a' is already registered");
  });

  it('rejects an rng that is not an Rng', () => {
    const d = dropout(0.5);
    const x = tf.ones([2]);
    expectThrowNoLeak(() => d.apply(x, { rng: 3 as never }), 'dropout: rng must be an Rng from @dl/core, got 3', TypeError);
    x.dispose();
  });

  it('works with sequential as a child', () => {
    const s = sequential(dense(2, 2, { seed: 0 }), relu);
    expect(Object.keys(s.parameters())).toEqual(['0.kernel', '0.bias']);
    s.dispose();
  });

  it('adoptParameter / adoptBuffer register variables the module does not own: dispose leaves them to their owner', () => {
    const owned = tf.variable(tf.ones([2]), true, `adopted_w_${Math.random()}`);
    const stat = tf.variable(tf.zeros([2]), false, `adopted_s_${Math.random()}`);
    class Wrapper extends Module {
      readonly fc = this.addModule('fc', dense(2, 2, { seed: 0 }));
      constructor() {
        super('wrapper');
        this.adoptParameter('w', owned);
        this.adoptBuffer('s', stat);
      }
      protected forward(x: tf.Tensor): tf.Tensor {
        return tf.add(tf.mul(this.fc.apply(x), owned), stat);
      }
    }
    const before = tf.memory().numTensors;
    const m = new Wrapper();
    expect(Object.keys(m.parameters())).toEqual(['w', 'fc.kernel', 'fc.bias']);
    expect(Object.keys(m.buffers())).toEqual(['s']);
    expect(m.parameters().w).toBe(owned);
    // names are checked as for addParameter
    class Dup extends Module {
      constructor() {
        super('dup');
        this.adoptParameter('w', owned);
        this.adoptBuffer('w', stat);
      }
      protected forward(x: tf.Tensor): tf.Tensor {
        return x;
      }
    }
    expect(() => new Dup()).toThrow("dup: 'w' is already registered");
    m.dispose();
    // the module's own variables are freed, the adopted ones are not
    expect(tf.memory().numTensors).toBe(before);
    expect(owned.isDisposed).toBe(false);
    expect(stat.isDisposed).toBe(false);
    tf.dispose([owned, stat]);
  });
});
