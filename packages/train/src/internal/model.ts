import { tf } from '@dl/core';
import type { Rng } from '@dl/core';
import type { Optimizer } from '@dl/optim';
import type { Model, ModuleLike } from '../types.js';

export function isModule(m: unknown): m is ModuleLike {
  return typeof m === 'object' && m !== null && typeof (m as ModuleLike).apply === 'function' && typeof (m as ModuleLike).stateDict === 'function';
}

export function forward(model: Model, x: tf.Tensor, training: boolean, rng: Rng): tf.Tensor {
  return isModule(model) ? model.apply(x, { training, rng }) : model(x, { training, rng });
}

/** Copies of the weights: the module's state dict, or the optimizer's variables for a function model. */
export function getWeights(model: Model, optimizer: Optimizer | undefined): Record<string, tf.Tensor> {
  if (isModule(model)) return model.stateDict();
  if (!optimizer) throw new TypeError('weights of a function model need its optimizer');
  return tf.tidy(() => Object.fromEntries(Object.entries(optimizer.variables).map(([k, v]) => [k, tf.clone(v)])));
}

export function setWeights(model: Model, optimizer: Optimizer | undefined, weights: Record<string, tf.Tensor>): void {
  if (isModule(model)) return model.loadStateDict(weights);
  if (!optimizer) throw new TypeError('weights of a function model need its optimizer');
  for (const [k, v] of Object.entries(optimizer.variables)) {
    const w = weights[k];
    if (!w) throw new RangeError(`setWeights: missing '${k}'`);
    v.assign(w);
  }
}

/** Correct predictions among the top `k` outputs: labels `[N]` ids or `[N, C]` soft (their argmax). */
export function hits(outputs: tf.Tensor, labels: tf.Tensor, k = 1): tf.Scalar {
  return tf.tidy(() => {
    if (outputs.rank !== 2) return tf.scalar(0); // not a classifier: no accuracy
    const ids = labels.rank === 2 ? tf.argMax(labels, 1) : tf.cast(labels, 'int32');
    if (k === 1) return tf.sum(tf.cast(tf.equal(tf.argMax(outputs, 1), ids), 'float32')) as tf.Scalar;
    const top = tf.topk(outputs, Math.min(k, outputs.shape[1]!)).indices;
    return tf.sum(tf.cast(tf.any(tf.equal(top, tf.expandDims(ids, 1)), 1), 'float32')) as tf.Scalar;
  });
}
