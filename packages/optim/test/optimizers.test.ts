// torch.optim's optimizers against PyTorch 1.13 trajectories (test/fixtures/optimizers.json), and their option checks.
// One file for all nine: each test file pays a worker and three backends' start-up, and WebGPU compiles its shaders once here.
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { sgd, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam, radam } from '../src/index.js';
import { caseTitle, cases, runCase } from './support/fixtures.js';

describeBackends('sgd matches torch.optim', () => {
  for (const c of cases('sgd')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('sgd options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(sgd({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => sgd({ lr: -1 } as never)).toThrow('sgd: lr must be >= 0, got -1');
    expect(() => sgd({ lr: -0.1 } as never)).toThrow(RangeError);
    expect(() => sgd({ lr: -0.1 } as never)).toThrow('sgd: lr must be >= 0, got -0.1');
    expect(() => sgd({ momentum: -1 } as never)).toThrow(RangeError);
    expect(() => sgd({ momentum: -1 } as never)).toThrow('sgd: momentum must be >= 0, got -1');
    expect(() => sgd({ weightDecay: -1e-4 } as never)).toThrow(RangeError);
    expect(() => sgd({ weightDecay: -1e-4 } as never)).toThrow('sgd: weightDecay must be >= 0, got -0.0001');
    expect(() => sgd({ nesterov: true } as never)).toThrow(RangeError);
    expect(() => sgd({ nesterov: true } as never)).toThrow('sgd: nesterov requires momentum > 0 and dampening 0, got momentum 0, dampening 0');
    expect(() => sgd({ momentum: 0.9, dampening: 0.1, nesterov: true } as never)).toThrow(RangeError);
    expect(() => sgd({ momentum: 0.9, dampening: 0.1, nesterov: true } as never)).toThrow('sgd: nesterov requires momentum > 0 and dampening 0, got momentum 0.9, dampening 0.1');
    expect(() => sgd({ learningRate: 0.1 } as never)).toThrow(TypeError);
    expect(() => sgd({ learningRate: 0.1 } as never)).toThrow('sgd: unknown option "learningRate" (allowed: lr, momentum, dampening, nesterov, weightDecay, maximize)');
    expect(() => sgd({ lr: NaN } as never)).toThrow(TypeError);
    expect(() => sgd({ lr: NaN } as never)).toThrow('sgd: lr must be a finite number, got NaN');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sgd defaults', () => {
  it("records PyTorch's defaults (lr 1e-3 as PyTorch 2.x)", () => {
    expect(sgd().options).toEqual({ lr: 1e-3 });
    expect(sgd({ lr: 0.1, momentum: 0.9 }).configure({ lr: 0.01 }).options).toEqual({ lr: 0.01, momentum: 0.9 });
  });
});

describeBackends('adagrad matches torch.optim', () => {
  for (const c of cases('adagrad')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('adagrad options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(adagrad({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => adagrad({ lr: -1 } as never)).toThrow('adagrad: lr must be >= 0, got -1');
    expect(() => adagrad({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => adagrad({ eps: 0 } as never)).toThrow('adagrad: eps must be > 0, got 0');
    expect(() => adagrad({ lrDecay: -1 } as never)).toThrow(RangeError);
    expect(() => adagrad({ lrDecay: -1 } as never)).toThrow('adagrad: lrDecay must be >= 0, got -1');
    expect(() => adagrad({ initialAccumulatorValue: -1 } as never)).toThrow(RangeError);
    expect(() => adagrad({ initialAccumulatorValue: -1 } as never)).toThrow('adagrad: initialAccumulatorValue must be >= 0, got -1');
    expect(() => adagrad({ weightDecay: -1 } as never)).toThrow(RangeError);
    expect(() => adagrad({ weightDecay: -1 } as never)).toThrow('adagrad: weightDecay must be >= 0, got -1');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('rmsprop matches torch.optim', () => {
  for (const c of cases('rmsprop')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('rmsprop options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(rmsprop({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => rmsprop({ lr: -1 } as never)).toThrow('rmsprop: lr must be >= 0, got -1');
    expect(() => rmsprop({ alpha: 1.5 } as never)).toThrow(RangeError);
    expect(() => rmsprop({ alpha: 1.5 } as never)).toThrow('rmsprop: alpha must be in [0, 1), got 1.5');
    expect(() => rmsprop({ eps: -1 } as never)).toThrow(RangeError);
    expect(() => rmsprop({ eps: -1 } as never)).toThrow('rmsprop: eps must be > 0, got -1');
    expect(() => rmsprop({ momentum: -0.5 } as never)).toThrow(RangeError);
    expect(() => rmsprop({ momentum: -0.5 } as never)).toThrow('rmsprop: momentum must be >= 0, got -0.5');
    expect(() => rmsprop({ weightDecay: -1 } as never)).toThrow(RangeError);
    expect(() => rmsprop({ weightDecay: -1 } as never)).toThrow('rmsprop: weightDecay must be >= 0, got -1');
    expect(() => rmsprop({ centered: 1 as unknown as boolean } as never)).toThrow(TypeError);
    expect(() => rmsprop({ centered: 1 as unknown as boolean } as never)).toThrow('rmsprop: centered must be a boolean, got 1');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('adadelta matches torch.optim', () => {
  for (const c of cases('adadelta')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('adadelta options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(adadelta({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => adadelta({ lr: -1 } as never)).toThrow('adadelta: lr must be >= 0, got -1');
    expect(() => adadelta({ rho: 1.1 } as never)).toThrow(RangeError);
    expect(() => adadelta({ rho: 1.1 } as never)).toThrow('adadelta: rho must be in [0, 1], got 1.1');
    expect(() => adadelta({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => adadelta({ eps: 0 } as never)).toThrow('adadelta: eps must be > 0, got 0');
    expect(() => adadelta({ weightDecay: -1 } as never)).toThrow(RangeError);
    expect(() => adadelta({ weightDecay: -1 } as never)).toThrow('adadelta: weightDecay must be >= 0, got -1');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('adam matches torch.optim', () => {
  for (const c of cases('adam')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('adam options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(adam({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => adam({ lr: -1 } as never)).toThrow('adam: lr must be >= 0, got -1');
    expect(() => adam({ betas: [1.2, 0.999] } as never)).toThrow(RangeError);
    expect(() => adam({ betas: [1.2, 0.999] } as never)).toThrow('adam: beta1 must be in [0, 1), got 1.2');
    expect(() => adam({ betas: [0.9, 1] } as never)).toThrow(RangeError);
    expect(() => adam({ betas: [0.9, 1] } as never)).toThrow('adam: beta2 must be in [0, 1), got 1');
    expect(() => adam({ betas: [0.9, -0.1] } as never)).toThrow(RangeError);
    expect(() => adam({ betas: [0.9, -0.1] } as never)).toThrow('adam: beta2 must be in [0, 1), got -0.1');
    expect(() => adam({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => adam({ eps: 0 } as never)).toThrow('adam: eps must be > 0, got 0');
    expect(() => adam({ weightDecay: -0.01 } as never)).toThrow(RangeError);
    expect(() => adam({ weightDecay: -0.01 } as never)).toThrow('adam: weightDecay must be >= 0, got -0.01');
    expect(() => adam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow(TypeError);
    expect(() => adam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow('adam: betas must be a pair [beta1, beta2], got 0.9');
    expect(() => adam({ amsgrad: 'yes' as unknown as boolean } as never)).toThrow(TypeError);
    expect(() => adam({ amsgrad: 'yes' as unknown as boolean } as never)).toThrow('adam: amsgrad must be a boolean, got "yes"');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('adamw matches torch.optim', () => {
  for (const c of cases('adamw')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('adamw options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(adamw({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => adamw({ lr: -1 } as never)).toThrow('adamw: lr must be >= 0, got -1');
    expect(() => adamw({ betas: [1.2, 0.999] } as never)).toThrow(RangeError);
    expect(() => adamw({ betas: [1.2, 0.999] } as never)).toThrow('adamw: beta1 must be in [0, 1), got 1.2');
    expect(() => adamw({ betas: [0.9, 1] } as never)).toThrow(RangeError);
    expect(() => adamw({ betas: [0.9, 1] } as never)).toThrow('adamw: beta2 must be in [0, 1), got 1');
    expect(() => adamw({ betas: [0.9, -0.1] } as never)).toThrow(RangeError);
    expect(() => adamw({ betas: [0.9, -0.1] } as never)).toThrow('adamw: beta2 must be in [0, 1), got -0.1');
    expect(() => adamw({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => adamw({ eps: 0 } as never)).toThrow('adamw: eps must be > 0, got 0');
    expect(() => adamw({ weightDecay: -0.01 } as never)).toThrow(RangeError);
    expect(() => adamw({ weightDecay: -0.01 } as never)).toThrow('adamw: weightDecay must be >= 0, got -0.01');
    expect(() => adamw({ betas: [0.9] as unknown as [number, number] } as never)).toThrow(TypeError);
    expect(() => adamw({ betas: [0.9] as unknown as [number, number] } as never)).toThrow('adamw: betas must be a pair [beta1, beta2], got 0.9');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('adamax matches torch.optim', () => {
  for (const c of cases('adamax')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('adamax options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(adamax({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => adamax({ lr: -1 } as never)).toThrow('adamax: lr must be >= 0, got -1');
    expect(() => adamax({ betas: [1.2, 0.999] } as never)).toThrow(RangeError);
    expect(() => adamax({ betas: [1.2, 0.999] } as never)).toThrow('adamax: beta1 must be in [0, 1), got 1.2');
    expect(() => adamax({ betas: [0.9, 1] } as never)).toThrow(RangeError);
    expect(() => adamax({ betas: [0.9, 1] } as never)).toThrow('adamax: beta2 must be in [0, 1), got 1');
    expect(() => adamax({ betas: [0.9, -0.1] } as never)).toThrow(RangeError);
    expect(() => adamax({ betas: [0.9, -0.1] } as never)).toThrow('adamax: beta2 must be in [0, 1), got -0.1');
    expect(() => adamax({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => adamax({ eps: 0 } as never)).toThrow('adamax: eps must be > 0, got 0');
    expect(() => adamax({ weightDecay: -0.01 } as never)).toThrow(RangeError);
    expect(() => adamax({ weightDecay: -0.01 } as never)).toThrow('adamax: weightDecay must be >= 0, got -0.01');
    expect(() => adamax({ betas: [0.9] as unknown as [number, number] } as never)).toThrow(TypeError);
    expect(() => adamax({ betas: [0.9] as unknown as [number, number] } as never)).toThrow('adamax: betas must be a pair [beta1, beta2], got 0.9');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('nadam matches torch.optim', () => {
  for (const c of cases('nadam')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('nadam options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(nadam({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => nadam({ lr: -1 } as never)).toThrow('nadam: lr must be >= 0, got -1');
    expect(() => nadam({ betas: [1.2, 0.999] } as never)).toThrow(RangeError);
    expect(() => nadam({ betas: [1.2, 0.999] } as never)).toThrow('nadam: beta1 must be in [0, 1), got 1.2');
    expect(() => nadam({ betas: [0.9, 1] } as never)).toThrow(RangeError);
    expect(() => nadam({ betas: [0.9, 1] } as never)).toThrow('nadam: beta2 must be in [0, 1), got 1');
    expect(() => nadam({ betas: [0.9, -0.1] } as never)).toThrow(RangeError);
    expect(() => nadam({ betas: [0.9, -0.1] } as never)).toThrow('nadam: beta2 must be in [0, 1), got -0.1');
    expect(() => nadam({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => nadam({ eps: 0 } as never)).toThrow('nadam: eps must be > 0, got 0');
    expect(() => nadam({ weightDecay: -0.01 } as never)).toThrow(RangeError);
    expect(() => nadam({ weightDecay: -0.01 } as never)).toThrow('nadam: weightDecay must be >= 0, got -0.01');
    expect(() => nadam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow(TypeError);
    expect(() => nadam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow('nadam: betas must be a pair [beta1, beta2], got 0.9');
    expect(() => nadam({ momentumDecay: -1 } as never)).toThrow(RangeError);
    expect(() => nadam({ momentumDecay: -1 } as never)).toThrow('nadam: momentumDecay must be >= 0, got -1');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('nadam beyond PyTorch 1.13', () => {
  it('maximize is descent on the negated gradients; decoupledWeightDecay decays p by lr * wd', async () => {
    const p = { a: tf.tensor1d([1, -2]) };
    const g = { a: tf.tensor1d([0.3, -0.1]) };
    const neg = { a: tf.neg(g.a) };
    const run = (t: ReturnType<typeof nadam>, grads: typeof g) =>
      tf.tidy(() => t.update(grads, t.init(p), p).updates.a!);
    const up1 = run(nadam({ maximize: true }), g);
    const up2 = run(nadam(), neg);
    expect(await up1.data()).toEqual(await up2.data());
    const plain = run(nadam({ lr: 0.1 }), g);
    const decoupled = run(nadam({ lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }), g);
    const diff = tf.sub(decoupled, plain);
    // the extra update is -lr * wd * p
    expect(Array.from(await diff.data()).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([-0.05, 0.1]);
    tf.dispose([p.a, g.a, neg.a, up1, up2, plain, decoupled, diff]);
  });
});

describeBackends('radam matches torch.optim', () => {
  for (const c of cases('radam')) {
    it(caseTitle(c), async () => {
      await expectNoLeak(() => runCase(c));
    });
  }
});

describe('radam options', () => {
  it('throws a clear error for bad options before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(radam({ lr: 0 })).toBeDefined(); // PyTorch accepts lr 0
    expect(() => radam({ lr: -1 } as never)).toThrow('radam: lr must be >= 0, got -1');
    expect(() => radam({ betas: [1.2, 0.999] } as never)).toThrow(RangeError);
    expect(() => radam({ betas: [1.2, 0.999] } as never)).toThrow('radam: beta1 must be in [0, 1), got 1.2');
    expect(() => radam({ betas: [0.9, 1] } as never)).toThrow(RangeError);
    expect(() => radam({ betas: [0.9, 1] } as never)).toThrow('radam: beta2 must be in [0, 1), got 1');
    expect(() => radam({ betas: [0.9, -0.1] } as never)).toThrow(RangeError);
    expect(() => radam({ betas: [0.9, -0.1] } as never)).toThrow('radam: beta2 must be in [0, 1), got -0.1');
    expect(() => radam({ eps: 0 } as never)).toThrow(RangeError);
    expect(() => radam({ eps: 0 } as never)).toThrow('radam: eps must be > 0, got 0');
    expect(() => radam({ weightDecay: -0.01 } as never)).toThrow(RangeError);
    expect(() => radam({ weightDecay: -0.01 } as never)).toThrow('radam: weightDecay must be >= 0, got -0.01');
    expect(() => radam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow(TypeError);
    expect(() => radam({ betas: [0.9] as unknown as [number, number] } as never)).toThrow('radam: betas must be a pair [beta1, beta2], got 0.9');
    expect(tf.memory().numTensors).toBe(before);
  });
});
