import { tf } from '@dl/core';
import { checkOptions, show } from './internal/checks.js';
import { normalizeLayers } from './internal/layers.js';
import type { LayerEntry, Saturation } from './internal/layers.js';

export interface ActivationStatsOptions {
  /** How outputs count as saturated, default `'tanh'`; a layer's own `saturation` wins. */
  saturation?: Saturation;
  /** Saturation threshold in (0, 1), default 0.99: `|y| > 0.99` (tanh), `y < 0.01 or y > 0.99` (sigmoid). */
  threshold?: number;
}

/** One layer's output over a forward pass. */
export interface LayerActivationStats {
  index: number;
  name: string;
  shape: number[];
  mean: number;
  /** Population standard deviation over every element. */
  std: number;
  min: number;
  max: number;
  /** Fraction of elements saturated (see `saturation`). */
  saturated: number;
  /** Fraction of units (the last axis) that are exactly zero for every example: dead ReLUs. */
  dead: number;
  /** Fraction of elements exactly zero. */
  zeros: number;
}

/** Mean, std, min, max, saturated, dead, zeros of `y` as one tensor (inside a tidy). */
export function summarize(y: tf.Tensor, saturation: Saturation, threshold: number): tf.Tensor1D {
  const x = tf.cast(y, 'float32');
  const flat = tf.reshape(x, [-1]);
  const { mean, variance } = tf.moments(flat);
  const sat =
    saturation === 'tanh'
      ? tf.greater(tf.abs(flat), threshold)
      : tf.logicalOr(tf.less(flat, 1 - threshold), tf.greater(flat, threshold));
  const units = x.rank >= 2 ? x.shape[x.rank - 1]! : Math.max(x.size, 1);
  const perUnit = tf.max(tf.abs(tf.reshape(flat, [-1, units])), 0);
  return tf.stack([
    mean,
    tf.sqrt(variance),
    tf.min(flat),
    tf.max(flat),
    tf.mean(tf.cast(sat, 'float32')),
    tf.mean(tf.cast(tf.equal(perUnit, 0), 'float32')),
    tf.mean(tf.cast(tf.equal(flat, 0), 'float32')),
  ]) as tf.Tensor1D;
}

export function checkStatsOptions(options: ActivationStatsOptions, where: string): { saturation: Saturation; threshold: number } {
  checkOptions(options, where);
  const { saturation = 'tanh', threshold = 0.99 } = options;
  if (saturation !== 'tanh' && saturation !== 'sigmoid') throw new RangeError(`${where}: saturation must be 'tanh' or 'sigmoid', got ${show(saturation)}`);
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) throw new RangeError(`${where}: threshold must be in (0, 1), got ${show(threshold)}`);
  return { saturation, threshold };
}

/**
 * Runs `input` through `layers` in turn and reports each layer's output: mean, std, the
 * fraction saturated and the fraction of dead units, the figures that tell an initialisation
 * that is too small (std collapsing to 0), too big (tanh saturating, ReLU exploding) or right.
 * Only the statistics are kept; every intermediate tensor is freed.
 */
export async function activationStats(layers: LayerEntry[], input: tf.Tensor, options: ActivationStatsOptions = {}): Promise<LayerActivationStats[]> {
  const where = 'activationStats';
  const specs = normalizeLayers(layers, where);
  if (!(input instanceof tf.Tensor)) throw new TypeError(`${where}: input must be a tensor, got ${show(input)}`);
  const { saturation, threshold } = checkStatsOptions(options, where);
  const summaries: tf.Tensor1D[] = [];
  const shapes: number[][] = [];
  let x: tf.Tensor = input;
  try {
    specs.forEach((spec) => {
      const y = tf.tidy(() => spec.run(x));
      summaries.push(tf.tidy(() => summarize(y, spec.saturation ?? saturation, threshold)));
      shapes.push(y.shape.slice());
      if (x !== input) x.dispose();
      x = y;
    });
  } catch (error) {
    tf.dispose(summaries);
    throw error;
  } finally {
    if (x !== input) x.dispose();
  }
  const all = tf.stack(summaries);
  tf.dispose(summaries);
  const values = await all.data();
  all.dispose();
  return specs.map((spec, i) => {
    const v = (k: number) => values[i * 7 + k]!;
    return { index: i, name: spec.name, shape: shapes[i]!, mean: v(0), std: v(1), min: v(2), max: v(3), saturated: v(4), dead: v(5), zeros: v(6) };
  });
}
