import { tf, Rng } from '@dl/core';
import { softmaxCrossEntropy } from '@dl/layers';
import { checkInt, checkObject } from './internal/check.js';
import { forward, hits } from './internal/model.js';
import { sizeOf, toDataset } from './dataset.js';
import type { DataLike } from './dataset.js';
import type { LossFn, Model } from './types.js';

export interface EvaluateOptions {
  /** Default 256. */
  batchSize?: number;
  /** Default: softmax cross-entropy (mean). */
  loss?: LossFn;
  /** Also report top-k accuracy. */
  topK?: number;
}

export interface EvaluateResult {
  loss: number;
  accuracy: number;
  topK?: number;
  count: number;
}

const defaultLoss: LossFn = (out, y) => softmaxCrossEntropy(out, y) as tf.Scalar;

/**
 * The model's mean loss and accuracy on `data` in eval mode (dropout off, batch norm on its
 * running statistics), batch by batch, with one readback at the end.
 */
export async function evaluate(model: Model, data: DataLike, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  checkObject('evaluate', 'options', options);
  const batchSize = checkInt('evaluate', 'batchSize', options.batchSize, 1, 256);
  const topK = options.topK === undefined ? undefined : checkInt('evaluate', 'topK', options.topK, 1);
  const d = toDataset(data, 'evaluate');
  const loss = options.loss ?? defaultLoss;
  const n = sizeOf(d);
  const rng = new Rng(0); // unused in eval mode; layers require one only when training
  let sums = tf.tidy(() => tf.zeros([3]));
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const next = tf.tidy(() => {
      const xb = tf.slice(d.x, start, size);
      const yb = tf.slice(d.y, start, size);
      const out = forward(model, xb, false, rng);
      const parts = [tf.mul(loss(out, yb), size), hits(out, yb, 1), topK ? hits(out, yb, topK) : tf.scalar(0)];
      return tf.add(sums, tf.stack(parts));
    });
    sums.dispose();
    sums = next;
  }
  const v = await sums.data();
  sums.dispose();
  const result: EvaluateResult = { loss: v[0]! / n, accuracy: v[1]! / n, count: n };
  if (topK) result.topK = v[2]! / n;
  return result;
}

export { defaultLoss };
