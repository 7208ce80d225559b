import type { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import { checkInt, checkOptions, show } from './internal/checks.js';
import { checkMerge, Merger } from './internal/merge.js';
import type { Merge, Space } from './internal/merge.js';
import { checkMembers, withMember } from './internal/members.js';
import type { Member } from './internal/members.js';
import { predictAll } from './internal/predict.js';

export interface EnsembleOptions {
  /** How predictions combine (default `'mean'`); see `Merge`. */
  merge?: Merge;
  /** Combine probabilities (softmax of the outputs, default) or the raw outputs (`'logits'`). */
  space?: Space;
  /** One non-negative weight per member (default equal). */
  weights?: readonly number[];
  /** `tsharpen`'s exponent (default 0.5). */
  power?: number;
  /** The module weight-set members are loaded into (its own weights are put back afterwards). */
  model?: Module;
  /** Batch size of the forward passes (default 256). */
  batchSize?: number;
  /** Require every module member to share one architecture (default true); false for ensembles of different networks. */
  sameArchitecture?: boolean;
}

export const ENSEMBLE_KEYS = ['merge', 'space', 'weights', 'power', 'model', 'batchSize', 'sameArchitecture'] as const;

/**
 * The ensemble's prediction `[N, C]` for inputs `x`: every member runs in eval mode over `x` in
 * batches, one member at a time (a weight set is loaded into `model` once, not per batch), and
 * the outputs merge as `merge` says: the mean of probabilities (the notes' "average the
 * predictions"), the normalised geometric mean, a vote (share of members per class), the
 * maximum, or `tsharpen` (mean of `probs^0.5`). Returns probabilities (or merged logits with
 * `space: 'logits'`); everything else made here is freed, also when a member throws.
 */
export function ensemblePredict(members: readonly Member[], x: tf.Tensor, options: EnsembleOptions = {}): tf.Tensor {
  const fn = 'ensemblePredict';
  const o = checkOptions(fn, options, ENSEMBLE_KEYS);
  const spec = checkMerge(fn, o);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 256);
  checkMembers(fn, members, o);
  if (spec.merge === 'max' && o.weights !== undefined) throw new RangeError(`${fn}: weights do not apply to merge 'max'`);
  if (x === null || typeof x !== 'object' || typeof (x as tf.Tensor).rank !== 'number' || (x as tf.Tensor).shape[0] === 0) throw new TypeError(`${fn}: x must be a non-empty batch tensor, got ${show(x)}`);
  const merger = new Merger(spec, fn);
  try {
    members.forEach((m, i) => {
      const out = withMember(m, o.model, (module) => predictAll(module, x, batchSize, fn));
      try {
        merger.add(out, o.weights?.[i] ?? 1);
      } finally {
        out.dispose();
      }
    });
    return merger.result();
  } finally {
    merger.dispose();
  }
}
