import { tf } from '@dl/core';
import { checkKeys, checkObject, checkPositive, show } from './internal/check.js';
import type { LossReduction } from './contrastive-loss.js';

export interface NtXentLossOptions {
  /** τ: the softmax temperature (required; SimCLR used 0.1 to 1, 0.5 for CIFAR-10). Must be > 0. */
  temperature: number;
  /** `'mean'` over the 2N views (default, SimCLR's 1/2N), `'sum'`, or `'none'` (`[2N]`: z1's rows, then z2's). */
  reduction?: LossReduction;
}

const WHERE = 'ntXentLoss';
// F.normalize's eps: a zero row stays zero instead of dividing by 0.
const NORM_EPS = 1e-12;
// Subtracted from each view's similarity with itself, which is left out of the softmax.
const SELF = 1e9;

/**
 * SimCLR's NT-Xent loss (Chen et al. 2020, normalized temperature-scaled cross entropy): `z1[i]`
 * and `z2[i]` are the projections of two augmented views of image i (`[N, d]` each). The 2N rows
 * are L2-normalised, `s(u, v) = u·v / τ` is their cosine similarity over the temperature, and each
 * view's positive is the other view of its image, the other 2N - 2 views its negatives:
 *
 *     ℓ(i, j) = -log( exp(s(zᵢ, zⱼ)) / Σ_{k ≠ i} exp(s(zᵢ, z_k)) ),   L = (1/2N) Σ over both orders
 *
 * `temperature` is required (its value matters: SimCLR tunes it per batch size). Shapes and options
 * are checked before any tensor is made.
 */
export function ntXentLoss(z1: tf.Tensor, z2: tf.Tensor, options: NtXentLossOptions): tf.Tensor {
  checkObject(WHERE, 'options', options);
  checkKeys(WHERE, options, ['temperature', 'reduction']);
  if (options.temperature === undefined) throw new TypeError(`${WHERE}: options.temperature is required (a number > 0; SimCLR used 0.1 to 1)`);
  const t = checkPositive(WHERE, 'temperature', options.temperature);
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') throw new RangeError(`${WHERE}: reduction must be 'mean', 'sum' or 'none', got ${show(reduction)}`);
  for (const [name, z] of [['z1', z1], ['z2', z2]] as const) {
    if (!(z instanceof tf.Tensor) || z.isDisposed) throw new TypeError(`${WHERE}: ${name} must be a tensor [N, d], got ${show(z)}`);
    if (z.rank !== 2) throw new RangeError(`${WHERE}: ${name} must be [N, d], got shape [${z.shape.join(', ')}]`);
  }
  if (!tf.util.arraysEqual(z1.shape, z2.shape)) throw new RangeError(`${WHERE}: z1 and z2 must have the same shape, got [${z1.shape.join(', ')}] and [${z2.shape.join(', ')}]`);
  const n = z1.shape[0]!;
  if (n < 1) throw new RangeError(`${WHERE}: need at least one pair of views, got N = 0`);
  return tf.tidy(() => {
    const z = tf.concat([z1, z2], 0);
    const norm = tf.sqrt(tf.maximum(tf.sum(tf.square(z), 1, true), NORM_EPS * NORM_EPS));
    const u = tf.div(z, norm);
    const eye = tf.eye(2 * n);
    const sim = tf.sub(tf.div(tf.matMul(u, u, false, true), t), tf.mul(eye, SELF));
    // positives: row i < N pairs with i + N, row i >= N with i - N
    const pos = Array.from({ length: 2 * n }, (_, i) => (i < n ? i + n : i - n));
    const onehot = tf.oneHot(tf.tensor1d(pos, 'int32'), 2 * n).toFloat();
    const perView = tf.neg(tf.sum(tf.mul(tf.logSoftmax(sim, 1), onehot), 1));
    if (reduction === 'none') return perView;
    return reduction === 'sum' ? tf.sum(perView) : tf.mean(perView);
  });
}
