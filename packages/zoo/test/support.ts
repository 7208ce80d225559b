import { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import type { PretrainedEntry } from '../src/index.js';

/** Accuracy of `model` (logits) on `x`/`y`, read back once. */
export async function accuracyOf(model: Module, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.apply(x, { training: false }), 1), tf.cast(y, 'int32')), 'float32')));
  const n = (await hits.data())[0]!;
  hits.dispose();
  return n / y.shape[0]!;
}

/** Labels of the kept classes as 0..k-1 (what make.mjs trains on). */
export function remap(labels: tf.Tensor, classes: readonly number[] | null): tf.Tensor {
  if (!classes) return tf.cast(labels, 'int32');
  const table = Array.from({ length: 10 }, (_, c) => classes.indexOf(c));
  return tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(labels, 'int32')));
}

/** The first `n` test images of an entry's classes, standardised as it was trained, with remapped labels. */
export async function testSlice(entry: PretrainedEntry, n: number, loaders: {
  loadMnist: (o: object) => Promise<{ images: tf.Tensor; labels: tf.Tensor }>;
  loadFashionMnist?: (o: object) => Promise<{ images: tf.Tensor; labels: tf.Tensor }>;
}): Promise<{ x: tf.Tensor; y: tf.Tensor }> {
  const { dataset, classes, normalize } = entry.data;
  const o = { split: 'test', normalize: normalize ?? true, ...(classes ? { classes } : {}), limit: n };
  const d = dataset === 'mnist' ? await loaders.loadMnist(o) : await loaders.loadFashionMnist!(o);
  const y = remap(d.labels, classes);
  d.labels.dispose();
  return { x: d.images, y };
}
