import { tf } from '@dl/core';
import type { SeedLike } from '@dl/core';
import type { Module } from '@dl/layers';
import { contrastiveLoss } from './contrastive-loss.js';
import { checkKeys, checkNonNegative, checkObject } from './internal/check.js';
import { checkEncoderHead, checkViews } from './internal/proxy-check.js';
import { ProxyTask } from './proxy-task.js';
import type { Views } from './proxy-task.js';
import { half, twoViews } from './internal/two-views.js';

export interface SiameseTaskOptions {
  /** Makes one augmented view of a batch; called twice per batch. */
  views: Views;
  /** Hadsell-Chopra-LeCun's margin m on the raw Euclidean distance (default 1). */
  margin?: number;
  /** Generator for the views when `fit` gives none. Default 0. */
  seed?: SeedLike;
}

/**
 * Siamese pre-training with Hadsell, Chopra and LeCun's (2006) contrastive loss, without labels:
 * two views of the same image make a similar pair (**y = 0**), a view of image i with a view of
 * image i+1 of the (shuffled) batch a dissimilar pair (**y = 1**); `L = (1-y)·½D² + y·½max(0, m-D)²`
 * on the raw distance D between `projection(encoder(view))` embeddings, averaged over the 2N
 * pairs. A `ProxyTask` for `fit`; its output is `[2, N, d]` (the two views' embeddings; both views
 * go through the encoder as one batch of 2N). Batches need 2 images or more (a batch of one has no
 * dissimilar pair). The dissimilar image may share the class: without labels that is the price.
 */
export function siameseTask(encoder: Module, projection: Module, options: SiameseTaskOptions): ProxyTask {
  const where = 'siameseTask';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['views', 'margin', 'seed']);
  checkEncoderHead(where, encoder, projection, 'projection');
  checkViews(where, options.views);
  const margin = checkNonNegative(where, 'margin', options.margin ?? 1);
  return new ProxyTask('siamese', encoder, projection, (task, x, o) => twoViews(task, x, o, options.views), (outputs) =>
    tf.tidy(() => {
      const n = outputs.shape[1]!;
      if (n < 2) throw new RangeError(`${where}: a batch needs 2 images or more (a dissimilar pair is two images), got ${n}`);
      const [a, b] = [half(outputs, 0), half(outputs, 1)];
      const other = tf.concat([b.slice([1, 0], [n - 1, -1]), b.slice([0, 0], [1, -1])]);
      const similar = contrastiveLoss(a, b, tf.zeros([n]), { margin });
      const dissimilar = contrastiveLoss(a, other, tf.ones([n]), { margin });
      return tf.div(tf.add(similar, dissimilar), 2) as tf.Scalar;
    }), options.seed);
}
