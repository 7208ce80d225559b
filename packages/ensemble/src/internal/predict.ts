import { tf, Rng } from '@dl/core';
import { Module } from '@dl/layers';

/** A model to predict with: a module (run in eval mode) or a function of a batch. */
export type Predictor = Module | ((x: tf.Tensor) => tf.Tensor);

const rng = new Rng(0); // eval mode draws nothing; layers want one only when training

/** Outputs over all of `x` in batches (eval mode), concatenated: `[N, ...]`. */
export function predictAll(model: Predictor, x: tf.Tensor, batchSize: number, where: string): tf.Tensor {
  const n = x.shape[0]!;
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) {
      const xb = n <= batchSize ? x : tf.slice(x, start, Math.min(batchSize, n - start));
      const out = model instanceof Module ? model.apply(xb, { training: false, rng }) : model(xb);
      if (!(out instanceof tf.Tensor)) throw new TypeError(`${where}: the model must return a tensor, got ${typeof out}`);
      parts.push(out);
    }
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
  });
}
