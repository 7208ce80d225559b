import { tf } from '@dl/core';
import { show } from './check.js';

/** Integer labels [N] (with numClasses) or one-hot / soft labels [N, K] as float32 [N, K]. */
export function softLabels(labels: unknown, n: number, numClasses: number | undefined, fn: string): () => tf.Tensor2D {
  if (!(labels instanceof tf.Tensor)) throw new TypeError(`${fn}: labels must be a tensor, got ${show(labels)}`);
  if (labels.shape[0] !== n) throw new RangeError(`${fn}: labels must have one row per image (${n}), got shape [${labels.shape.join(', ')}]`);
  if (labels.rank === 1) {
    if (numClasses === undefined || !Number.isSafeInteger(numClasses) || numClasses < 1) {
      throw new RangeError(`${fn}: numClasses must be a positive integer for integer labels, got ${show(numClasses)}`);
    }
    // oneHot(..., 'float32') returns int32 bit patterns on tfjs-backend-wasm 4.22: make int32, then cast.
    return () => tf.cast(tf.oneHot(tf.cast(labels, 'int32'), numClasses), 'float32') as tf.Tensor2D;
  }
  if (labels.rank === 2) return () => tf.cast(labels, 'float32') as tf.Tensor2D;
  throw new TypeError(`${fn}: labels must be integer labels [batch] or one-hot / soft labels [batch, classes], got shape [${labels.shape.join(', ')}]`);
}
