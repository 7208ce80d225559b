import { tf } from '@dl/core';
import { checkKeys, checkNonNegative, checkObject, show } from './internal/check.js';

export type LossReduction = 'mean' | 'sum' | 'none';

export interface ContrastiveLossOptions {
  /** m: dissimilar pairs farther apart than this add nothing (default 1). Must be >= 0. */
  margin?: number;
  /** `'mean'` over pairs (default), `'sum'`, or `'none'` (one loss per pair, `[N]`). */
  reduction?: LossReduction;
}

type Labels = tf.Tensor | readonly number[];

const WHERE = 'contrastiveLoss';
// Added under the square root of the (a, b) form so that identical embeddings get a zero gradient
// (PyTorch's norm gives 0 there too) rather than 0 * Infinity = NaN; invisible in float32 otherwise.
const SQRT_EPS = 1e-12;

/**
 * Hadsell, Chopra and LeCun's (2006) contrastive loss for siamese pairs:
 *
 *     L = (1 - Y) · ½ · D²  +  Y · ½ · max(0, m - D)²
 *
 * with D the Euclidean distance between the two embeddings of a pair and **Y = 0 for a similar
 * pair, Y = 1 for a dissimilar pair** (the paper's convention; many re-implementations flip it,
 * which silently trains the network to pull dissimilar pairs together: check your labels).
 * Similar pairs are pulled together, dissimilar pairs pushed apart until they are `margin` apart.
 *
 * Call it with the embeddings, `contrastiveLoss(a, b, y, options)` (`a`, `b`: `[N, d]`, D computed
 * here), or with distances you computed, `contrastiveLoss(d, y, options)` (`d`: `[N]`, D >= 0).
 * `y`: `[N]` of 0/1, a tensor or an array. An array is checked (only 0 and 1); a tensor's values are
 * not (that would need a read back from the device): other values give a meaningless loss.
 * Shapes, margin and options are checked before any tensor is made.
 */
export function contrastiveLoss(d: tf.Tensor, y: Labels, options?: ContrastiveLossOptions): tf.Tensor;
export function contrastiveLoss(a: tf.Tensor, b: tf.Tensor, y: Labels, options?: ContrastiveLossOptions): tf.Tensor;
export function contrastiveLoss(...args: unknown[]): tf.Tensor {
  const pairForm = args[1] instanceof tf.Tensor && (args[2] instanceof tf.Tensor || Array.isArray(args[2]));
  const [first, second] = args;
  const y = (pairForm ? args[2] : args[1]) as Labels;
  const options = (pairForm ? args[3] : args[2]) ?? {};
  checkObject(WHERE, 'options', options);
  checkKeys(WHERE, options as object, ['margin', 'reduction']);
  const { margin = 1, reduction = 'mean' } = options as ContrastiveLossOptions;
  checkNonNegative(WHERE, 'margin', margin);
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') throw new RangeError(`${WHERE}: reduction must be 'mean', 'sum' or 'none', got ${show(reduction)}`);
  if (!(first instanceof tf.Tensor) || first.isDisposed) throw new TypeError(`${WHERE}: expected a tensor of ${pairForm ? 'embeddings [N, d]' : 'distances [N]'} first, got ${show(first)}`);
  let n: number;
  if (pairForm) {
    const b = second as tf.Tensor;
    if (first.rank !== 2) throw new RangeError(`${WHERE}: embeddings must be [N, d], got shape [${first.shape.join(', ')}]`);
    if (!tf.util.arraysEqual(first.shape, b.shape)) throw new RangeError(`${WHERE}: the two embeddings must have the same shape, got [${first.shape.join(', ')}] and [${b.shape.join(', ')}]`);
    n = first.shape[0]!;
  } else {
    if (first.rank !== 1) throw new RangeError(`${WHERE}: distances must be [N], got shape [${first.shape.join(', ')}] (for embeddings pass both: contrastiveLoss(a, b, y))`);
    n = first.shape[0]!;
  }
  if (y instanceof tf.Tensor) {
    if (y.isDisposed) throw new TypeError(`${WHERE}: y is disposed`);
    if (y.rank !== 1 || y.shape[0] !== n) throw new RangeError(`${WHERE}: y must be [${n}] (one 0/1 label per pair), got shape [${y.shape.join(', ')}]`);
  } else if (Array.isArray(y)) {
    if (y.length !== n) throw new RangeError(`${WHERE}: y must have ${n} labels (one per pair), got ${y.length}`);
    const bad = y.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) throw new RangeError(`${WHERE}: y must hold 0 (similar pair) or 1 (dissimilar pair), got ${show(y[bad])} at index ${bad}`);
  } else throw new TypeError(`${WHERE}: y must be a tensor or an array of 0/1 labels, got ${show(y)}`);
  return tf.tidy(() => {
    let d2: tf.Tensor;
    let dist: tf.Tensor;
    if (pairForm) {
      d2 = tf.sum(tf.squaredDifference(first, second as tf.Tensor), 1);
      dist = tf.sqrt(tf.add(d2, SQRT_EPS));
    } else {
      d2 = tf.square(first);
      dist = first;
    }
    const label = y instanceof tf.Tensor ? tf.cast(y, 'float32') : tf.tensor1d(y as number[], 'float32');
    const similar = tf.mul(tf.sub(1, label), tf.mul(0.5, d2));
    const dissimilar = tf.mul(label, tf.mul(0.5, tf.square(tf.relu(tf.sub(margin, dist)))));
    const perPair = tf.add(similar, dissimilar);
    if (reduction === 'none') return perPair;
    return reduction === 'sum' ? tf.sum(perPair) : tf.mean(perPair);
  });
}
