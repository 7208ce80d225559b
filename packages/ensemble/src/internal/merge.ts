import { tf } from '@dl/core';
import { checkOneOf, show } from './checks.js';

export type Merge = 'mean' | 'gmean' | 'vote' | 'max' | 'tsharpen';
export type Space = 'probs' | 'logits';

export interface MergeSpec {
  merge: Merge;
  space: Space;
  power: number;
}

/** Checks `merge`, `space` and `power` together (which combinations make sense) before any tensor. */
export function checkMerge(fn: string, o: { merge?: unknown; space?: unknown; power?: unknown }): MergeSpec {
  const merge = checkOneOf(fn, 'merge', o.merge, ['mean', 'gmean', 'vote', 'max', 'tsharpen'] as const, 'mean');
  const space = checkOneOf(fn, 'space', o.space, ['probs', 'logits'] as const, 'probs');
  if ((merge === 'gmean' || merge === 'tsharpen') && space !== 'probs') {
    throw new RangeError(`${fn}: merge '${merge}' needs space 'probs' (it takes logarithms or powers of probabilities), got space '${space}'`);
  }
  const power = o.power ?? 0.5;
  if (typeof power !== 'number' || !(power > 0) || !Number.isFinite(power)) throw new RangeError(`${fn}: power must be a finite number > 0, got ${show(o.power)}`);
  if (o.power !== undefined && merge !== 'tsharpen') throw new RangeError(`${fn}: power applies to merge 'tsharpen' only, got merge '${merge}'`);
  return { merge, space, power };
}

/**
 * Folds predictions `[N, C]` (raw model outputs) into one, owning its running tensor:
 * `mean` the weighted mean (of probabilities, or of logits), `gmean` the normalised weighted
 * geometric mean of probabilities (softmax of the mean log-probability), `tsharpen` the weighted
 * mean of `probs^power` (ttach's, power 0.5), `vote` the weighted share of votes per class
 * (argmax), `max` the elementwise maximum.
 */
export class Merger {
  #acc: tf.Tensor | undefined;
  #total = 0;
  #shape: number[] | undefined;

  constructor(readonly spec: MergeSpec, readonly where: string) {}

  add(outputs: tf.Tensor, weight = 1): void {
    if (outputs.rank !== 2) throw new RangeError(`${this.where}: models must output [N, classes], got shape [${outputs.shape.join(', ')}]`);
    if (this.#shape && !tf.util.arraysEqual(this.#shape, outputs.shape)) {
      throw new RangeError(`${this.where}: predictions of shape [${outputs.shape.join(', ')}] do not match the others' [${this.#shape.join(', ')}]`);
    }
    this.#shape = outputs.shape;
    const { merge, space, power } = this.spec;
    const prev = this.#acc;
    this.#acc = tf.tidy(() => {
      const p = space === 'probs' ? tf.softmax(outputs) : outputs;
      let term: tf.Tensor;
      if (merge === 'max') return prev ? tf.maximum(prev, p) : tf.clone(p);
      if (merge === 'gmean') term = tf.logSoftmax(outputs);
      else if (merge === 'tsharpen') term = tf.pow(p, power);
      else if (merge === 'vote') term = tf.oneHot(tf.argMax(outputs, 1), outputs.shape[1]!).toFloat();
      else term = p;
      const w = weight === 1 ? term : tf.mul(term, weight);
      return prev ? tf.add(prev, w) : w;
    });
    prev?.dispose();
    this.#total += weight;
  }

  /** The merged prediction (a new tensor the caller owns). */
  result(): tf.Tensor {
    const acc = this.#acc!;
    const { merge } = this.spec;
    return tf.tidy(() => {
      if (merge === 'max') return tf.clone(acc);
      const mean = tf.div(acc, this.#total);
      return merge === 'gmean' ? tf.softmax(mean) : mean;
    });
  }

  dispose(): void {
    this.#acc?.dispose();
    this.#acc = undefined;
  }
}
