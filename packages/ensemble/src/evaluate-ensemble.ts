import { tf } from '@dl/core';
import { checkInt, checkOptions, show } from './internal/checks.js';
import { checkMerge, Merger } from './internal/merge.js';
import { checkMembers, withMember } from './internal/members.js';
import type { Member } from './internal/members.js';
import { predictAll } from './internal/predict.js';
import { ENSEMBLE_KEYS } from './ensemble-predict.js';
import type { EnsembleOptions } from './ensemble-predict.js';

export interface EvaluateEnsembleOptions extends EnsembleOptions {
  /** Also report top-k accuracy. */
  topK?: number;
}

export interface EnsembleScores {
  /**
   * Mean cross-entropy: of the merged probabilities (`-log p[label]`, renormalised for
   * `tsharpen`), of the merged logits with `space: 'logits'`; NaN for `vote` and `max`, which are
   * not distributions.
   */
  loss: number;
  accuracy: number;
  topK?: number;
}

export interface EvaluateEnsembleResult {
  ensemble: EnsembleScores;
  /** Each member alone (softmax cross-entropy of its outputs), in order. */
  members: EnsembleScores[];
  count: number;
}

/**
 * Scores an ensemble on `{x, y}` (class ids `[N]`, or soft labels `[N, C]` scored by their argmax
 * for accuracy): loss, accuracy and top-k of the merged prediction and of every member, with one
 * readback at the end. Options as `ensemblePredict`.
 */
export async function evaluateEnsemble(members: readonly Member[], data: { x: tf.Tensor; y: tf.Tensor }, options: EvaluateEnsembleOptions = {}): Promise<EvaluateEnsembleResult> {
  const fn = 'evaluateEnsemble';
  const o = checkOptions(fn, options, [...ENSEMBLE_KEYS, 'topK']);
  const spec = checkMerge(fn, o);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 256);
  const topK = o.topK === undefined ? undefined : checkInt(fn, 'topK', o.topK, 1);
  checkMembers(fn, members, o);
  if (spec.merge === 'max' && o.weights !== undefined) throw new RangeError(`${fn}: weights do not apply to merge 'max'`);
  if (data === null || typeof data !== 'object' || !(data.x instanceof tf.Tensor) || !(data.y instanceof tf.Tensor)) throw new TypeError(`${fn}: data must be {x, y} tensors, got ${show(data)}`);
  const n = data.x.shape[0]!;
  if (n === 0) throw new RangeError(`${fn}: data is empty`);
  if (data.y.shape[0] !== n) throw new RangeError(`${fn}: data has ${n} inputs but ${data.y.shape[0]} labels`);
  if (data.y.rank !== 1 && data.y.rank !== 2) throw new RangeError(`${fn}: labels must be class ids [N] or soft labels [N, C], got shape [${data.y.shape.join(', ')}]`);

  // [loss sum, hits, top-k hits] per member, then the ensemble's
  const scores = (logProbs: tf.Tensor, preds: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const ids = data.y.rank === 2 ? tf.argMax(data.y, 1) : tf.cast(data.y, 'int32');
      const c = preds.shape[1]!;
      const onehot = data.y.rank === 2 ? data.y.toFloat() : tf.oneHot(ids, c).toFloat();
      const loss = tf.neg(tf.sum(tf.mul(onehot, logProbs)));
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(preds, 1), ids), 'float32'));
      const top = topK ? tf.sum(tf.cast(tf.any(tf.equal(tf.topk(preds, Math.min(topK, c)).indices, tf.expandDims(ids, 1)), 1), 'float32')) : tf.scalar(0);
      return tf.stack([loss, hit, top]);
    });
  const merger = new Merger(spec, fn);
  const rows: tf.Tensor[] = [];
  try {
    members.forEach((m, i) => {
      const out = withMember(m, o.model, (module) => predictAll(module, data.x, batchSize, fn));
      try {
        if (out.rank === 2 && out.shape[0] === n) rows.push(tf.tidy(() => scores(tf.logSoftmax(out), out)));
        merger.add(out, o.weights?.[i] ?? 1);
      } finally {
        out.dispose();
      }
    });
    const merged = merger.result();
    rows.push(
      tf.tidy(() => {
        const { merge, space } = spec;
        if (merge === 'vote' || merge === 'max') return tf.mul(scores(tf.zerosLike(merged), merged), tf.tensor1d([Number.NaN, 1, 1]));
        if (space === 'logits') return scores(tf.logSoftmax(merged), merged);
        return scores(tf.log(tf.div(merged, tf.sum(merged, 1, true))), merged);
      }),
    );
    merged.dispose();
    const stacked = tf.stack(rows);
    let v: Float32Array | Int32Array | Uint8Array;
    try {
      v = await stacked.data();
    } finally {
      stacked.dispose();
    }
    const at = (r: number): EnsembleScores => {
      const s: EnsembleScores = { loss: v[3 * r]! / n, accuracy: v[3 * r + 1]! / n };
      if (topK) s.topK = v[3 * r + 2]! / n;
      return s;
    };
    return { ensemble: at(members.length), members: members.map((_, i) => at(i)), count: n };
  } finally {
    merger.dispose();
    tf.dispose(rows);
  }
}
