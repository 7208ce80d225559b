import { expect } from 'vitest';
import { tf } from '@dl/core';
import { adam, Optimizer } from '@dl/optim';
import { fit } from '@dl/train';
import type { ProxyTask } from '../src/index.js';
import { dense, flatten, Lambda, relu, sequential } from '@dl/layers';
import type { Sequential } from '@dl/layers';

/** A tiny encoder for 4x4x1 images: flatten, dense 16 -> 8, ReLU. */
export const tinyEncoder = (seed = 1): Sequential => sequential(flatten(), dense(16, 8, { seed }), relu);
/** Its decoder: dense 8 -> 16, reshaped to 4x4x1. */
export const tinyDecoder = (seed = 2): Sequential => sequential(dense(8, 16, { seed }), new Lambda((x) => tf.reshape(x, [x.shape[0]!, 4, 4, 1]), 'reshape'));
/** A projection head 8 -> 4. */
export const tinyProjection = (seed = 3): Sequential => sequential(dense(8, 4, { seed }));
/** Images [n, 4, 4, 1] from a seed. */
export const images = (n: number, seed = 4): tf.Tensor4D => tf.randomNormal([n, 4, 4, 1], 0, 1, 'float32', seed) as tf.Tensor4D;

/** Trains `make()`'s task under fit on 32 images (6 epochs, Adam 0.01): its loss falls, and nothing is left once it is disposed. */
export async function expectTrainsUnderFit(make: () => ProxyTask): Promise<void> {
  const x = images(32);
  const y = tf.zeros([32], 'int32');
  const before = tf.memory().numTensors;
  const task = make();
  const optimizer = new Optimizer(adam({ lr: 0.01 }), task.parameters());
  const r = await fit({ model: task, loss: task.loss, optimizer, data: { x, y }, epochs: 6, batchSize: 16, rng: 0 });
  const losses = r.history.epochs.map((e) => e.loss);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  task.dispose();
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, y]);
}
