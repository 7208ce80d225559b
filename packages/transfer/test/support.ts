import { tf } from '@dl/core';
import { expectTensorsClose } from '@dl/core/testing';
import { batchNorm1d, batchNorm2d, conv2d, dense, dropout, flatten, globalAvgPool2d, maxPool2d, relu, sequential } from '@dl/layers';
import type { Module } from '@dl/layers';

/** 1e-5 relative and absolute against PyTorch's float64, on every backend (as @dl/layers' fixtures). */
export const TOL = { rtol: 1e-5, atol: 1e-5 };

/** Loads a fixture's state (names and TF.js layouts as the writers emit them) into a module. */
export function loadState(model: Module, state: Record<string, unknown>): void {
  const live = { ...model.parameters(), ...model.buffers() };
  const tensors = tf.tidy(() => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.tensor(v as number[], live[k]!.shape, live[k]!.dtype)])));
  model.loadStateDict(tensors);
  tf.dispose(Object.values(tensors));
}

/** Compares a module's parameters and buffers with a fixture state. */
export async function expectState(model: Module, state: Record<string, unknown>, message: string): Promise<void> {
  const live = { ...model.parameters(), ...model.buffers() };
  for (const [k, v] of Object.entries(state)) {
    if (k === 'torch') continue;
    await expectTensorsClose(live[k]!, typeof v === 'number' ? [v] : (v as number[]), { ...TOL, message: `${message}: ${k}` });
  }
}

/** A stateDict snapshot per epoch (owned by the caller). */
export function snapshots(): { states: Record<string, tf.Tensor>[]; callback: { onEpochEnd(ctx: { model: unknown }): void } } {
  const states: Record<string, tf.Tensor>[] = [];
  return { states, callback: { onEpochEnd: (ctx) => void states.push((ctx.model as Module).stateDict()) } };
}

/** dl-train's `cnn` at a small size: conv-BN-relu-pool twice, dropout, flatten, dense, relu, dropout, dense. */
export function smallCnn(seed = 0, classes = 3): ReturnType<typeof sequential> {
  return sequential(
    conv2d(1, 4, 3, { padding: 1, seed: seed + 1 }), batchNorm2d(4), relu, maxPool2d(2),
    conv2d(4, 8, 3, { padding: 1, seed: seed + 2 }), batchNorm2d(8), relu, maxPool2d(2),
    dropout(0.25), flatten(),
    dense(2 * 2 * 8, 16, { seed: seed + 3 }), relu, dropout(0.5),
    dense(16, classes, { seed: seed + 4 }),
  );
}

/** A small MLP with a batch norm: blocks [0, 1] [3] [5]. */
export function bnMlp(seed = 0): ReturnType<typeof sequential> {
  return sequential(dense(4, 6, { seed }), batchNorm1d(6), relu, dense(6, 6, { seed: seed + 1 }), relu, dense(6, 3, { seed: seed + 2 }));
}

/** The layer-decay fixture's MLP: as bnMlp, without the bias before the batch norm (its gradient is 0 in exact arithmetic). */
export function decayMlp(seed = 0): ReturnType<typeof sequential> {
  return sequential(dense(4, 6, { seed, bias: false }), batchNorm1d(6), relu, dense(6, 6, { seed: seed + 1 }), relu, dense(6, 3, { seed: seed + 2 }));
}

/** The bn-policy fixture's CNN (PyTorch's Flatten kept so the child indices match). */
export function bnPolicyCnn(): ReturnType<typeof sequential> {
  return sequential(conv2d(1, 4, 3, { padding: 1, seed: 1 }), batchNorm2d(4), relu, conv2d(4, 6, 3, { padding: 1, seed: 2 }), batchNorm2d(6), relu, globalAvgPool2d(), flatten(), dense(6, 3, { seed: 3 }));
}

/** Images [n, 8, 8, 1] and labels in [0, classes). */
export function images(n = 24, classes = 3, seed = 0): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, 8, 8, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % classes), 'int32');
    return { x, y };
  });
}
