import { tf } from '@dl/core';
import { checkInt, show } from './internal/check.js';

/**
 * Per-class loss weights `n / (C · count_c)` (sklearn's `class_weight='balanced'`), for the
 * `weight` of a cross-entropy so rare classes count as much as common ones. Absent classes get 0.
 */
export async function classWeights(labels: tf.Tensor | ArrayLike<number>, numClasses: number): Promise<number[]> {
  checkInt('classWeights', 'numClasses', numClasses, 1);
  const values = labels instanceof tf.Tensor ? await labels.data() : labels;
  if (labels instanceof tf.Tensor && labels.rank !== 1) throw new RangeError(`classWeights: labels must be [N] class ids, got ${show(labels)}`);
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < values.length; i++) {
    const c = values[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new RangeError(`classWeights: label ${i} is ${c}, outside [0, ${numClasses - 1}]`);
    counts[c]!++;
  }
  return counts.map((k) => (k === 0 ? 0 : values.length / (numClasses * k)));
}
