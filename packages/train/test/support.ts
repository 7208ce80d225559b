import { Rng, tf, useBackend } from '@dl/core';
import { Optimizer, sgd } from '@dl/optim';
import { batchNorm1d, dense, dropout, relu, sequential } from '@dl/layers';

// Logic tests (callbacks, checks, search...) run on cpu: the loop is the same on every backend, and
// the backend conformance runs in the describeBackends suites (fit.test.ts, fit-pytorch.test.ts).
await useBackend('cpu');

/** A small separable 3-class problem: class = argmax of a fixed projection of Gaussian points. */
export function toyData(n = 96, features = 4, classes = 3, seed = 0): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  return tf.tidy(() => {
    const x = rng.normal([n, features]) as tf.Tensor2D;
    const w = new Rng(123).normal([features, classes]);
    const y = tf.argMax(tf.matMul(x, w), 1).toInt() as tf.Tensor1D;
    return { x, y };
  });
}

export function mlp(seed = 1, features = 4, classes = 3, hidden = 8, { bn = false, drop = 0 } = {}) {
  return sequential(
    dense(features, hidden, { seed }),
    ...(bn ? [batchNorm1d(hidden)] : []),
    relu,
    ...(drop > 0 ? [dropout(drop)] : []),
    dense(hidden, classes, { seed: seed + 1 }),
  );
}

export function sgdFor(model: { parameters(): Record<string, tf.Variable> }, lr = 0.1, momentum = 0.9) {
  return new Optimizer(sgd({ lr, momentum }), model.parameters());
}
