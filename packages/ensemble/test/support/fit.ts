import { Rng, tf } from '@dl/core';
import { Optimizer, sgd } from '@dl/optim';
import { batchNorm1d, dense, relu, sequential } from '@dl/layers';
import type { Module } from '@dl/layers';

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

export function net(seed = 1, { bn = false } = {}): Module {
  return sequential(dense(4, 8, { seed }), ...(bn ? [batchNorm1d(8)] : []), relu, dense(8, 3, { seed: seed + 1 }));
}

export function sgdFor(model: Module, lr = 0.1): Optimizer {
  return new Optimizer(sgd({ lr, momentum: 0.9 }), model.parameters());
}

export async function read(named: Record<string, tf.Tensor>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(named)) out[k] = Array.from(await t.data());
  return out;
}
