import { tf } from '@dl/core';
import type { Rng } from '@dl/core';
import type { ProxyTask, Views } from '../proxy-task.js';

/** `projection(encoder(·))` of two views of `x`, one encoder pass over both: `[2, N, d]`. */
export function twoViews(task: ProxyTask, x: tf.Tensor4D, { training, rng }: { training: boolean; rng: Rng }, views: Views): tf.Tensor {
  return tf.tidy(() => {
    const n = x.shape[0];
    const both = tf.concat([views(x, rng), views(x, rng)]);
    const z = task.head.apply(task.encoder.apply(both, { training, rng }), { training, rng });
    if (z.rank !== 2) throw new RangeError(`${task.kind}: the encoder and head must make [N, d] embeddings, got [${z.shape.join(', ')}]`);
    return tf.reshape(z, [2, n, z.shape[1]!]);
  });
}

/** \`outputs[i]\` of a \`[2, ...]\` output by a slice: gather's gradient needs UnsortedSegmentSum, which wasm lacks. */
export function half(outputs: tf.Tensor, i: 0 | 1): tf.Tensor {
  return tf.squeeze(tf.slice(outputs, [i], [1]), [0]);
}
