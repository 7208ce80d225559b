import { tf, Rng } from '@dl/core';
import { softmaxCrossEntropy } from '@dl/layers';
import { checkFunction, checkInt, checkObject, show } from './internal/check.js';
import { forward, hits, isModule } from './internal/model.js';
import { checkLabels, sizeOf, toDataset } from './dataset.js';
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

const KEYS = new Set(['batchSize', 'loss', 'topK']);

/** Class-id labels outside [0, classes) or not integers, counted on the device (no readback). */
function badLabels(y: tf.Tensor, classes: number): tf.Scalar {
  return tf.tidy(() => {
    let bad = tf.logicalOr(tf.less(y, 0), tf.greaterEqual(y, classes));
    if (y.dtype !== 'int32') bad = tf.logicalOr(bad, tf.notEqual(y, tf.floor(y))); // NaN too
    return tf.sum(tf.cast(bad, 'float32')) as tf.Scalar;
  });
}

/**
 * The model's mean loss and accuracy on `data` in eval mode (dropout off, batch norm on its
 * running statistics), batch by batch, with one readback at the end. Options and data are checked
 * before any tensor is made; class-id labels are range-checked against the model's outputs on the
 * device as the batches go (a second readback, of the labels, happens only to name a bad one).
 * Every tensor made here is freed whether it returns or throws (a throwing model or loss
 * included). A non-finite loss is returned as it is, not thrown.
 */
export async function evaluate(model: Model, data: DataLike, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  const fn = 'evaluate';
  if (!isModule(model) && typeof model !== 'function') throw new TypeError(`evaluate: model must be a Module or a function, got ${show(model)}`);
  checkObject(fn, 'options', options);
  for (const k of Object.keys(options)) if (!KEYS.has(k)) throw new TypeError(`evaluate: unknown option '${k}'`);
  const batchSize = checkInt(fn, 'batchSize', options.batchSize, 1, 256);
  const topK = options.topK === undefined ? undefined : checkInt(fn, 'topK', options.topK, 1);
  if (options.loss !== undefined) checkFunction(fn, 'loss', options.loss);
  const d = toDataset(data, fn);
  const n = sizeOf(d);
  if (n === 0) throw new RangeError('evaluate: data is empty');
  if (d.y.rank === 1 && d.y.dtype !== 'int32' && d.y.dtype !== 'float32') {
    throw new TypeError(`evaluate: data's labels must be int32 class ids, got dtype ${d.y.dtype}`);
  }
  const loss = options.loss ?? defaultLoss;
  const rng = new Rng(0); // unused in eval mode; layers require one only when training
  let classes: number | undefined; // the model's output width (classifiers only)

  // The one tensor that lives across batches and the await: [sum of loss * size, hits, top-k hits, bad labels].
  let sums: tf.Tensor | undefined;
  try {
    sums = tf.zeros([4]);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const acc: tf.Tensor = sums;
      const next = tf.tidy(() => {
        const xb = tf.slice(d.x, start, size);
        const yb = tf.slice(d.y, start, size);
        const out = forward(model, xb, false, rng);
        if (!(out instanceof tf.Tensor)) throw new TypeError(`evaluate: the model must return a tensor, got ${show(out)}`);
        if (out.rank === 2) {
          classes = out.shape[1]!;
          if (yb.rank === 2 && yb.shape[1] !== classes) throw new RangeError(`evaluate: data's soft labels have ${yb.shape[1]} classes but the model outputs ${classes}`);
        }
        const l = loss(out, yb);
        if (!(l instanceof tf.Tensor) || l.rank !== 0) throw new TypeError(`evaluate: loss must return a scalar tensor, got ${show(l)}`);
        const bad = classes !== undefined && yb.rank === 1 ? badLabels(yb, classes) : tf.scalar(0);
        const parts = [tf.mul(l, size), hits(out, yb, 1), topK ? hits(out, yb, topK) : tf.scalar(0), bad];
        return tf.add(acc, tf.stack(parts));
      });
      acc.dispose();
      sums = next;
    }
    const v = await sums.data();
    if (v[3]! > 0) {
      await checkLabels(d, classes!, fn); // names the first bad label
      throw new RangeError(`evaluate: data has ${v[3]} labels outside the model's classes [0, ${classes! - 1}]`);
    }
    const result: EvaluateResult = { loss: v[0]! / n, accuracy: v[1]! / n, count: n };
    if (topK) result.topK = v[2]! / n;
    return result;
  } finally {
    sums?.dispose();
  }
}

export { defaultLoss };
