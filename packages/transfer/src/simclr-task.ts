import { tf } from '@dl/core';
import type { SeedLike } from '@dl/core';
import type { Module } from '@dl/layers';
import { checkKeys, checkObject, checkPositive } from './internal/check.js';
import { checkEncoderHead, checkViews } from './internal/proxy-check.js';
import { ntXentLoss } from './nt-xent-loss.js';
import { ProxyTask } from './proxy-task.js';
import type { Views } from './proxy-task.js';
import { half, twoViews } from './internal/two-views.js';

export interface SimclrTaskOptions {
  /** Makes one augmented view of a batch (SimCLR: random resized crop, flip, colour distortion); called twice per batch. */
  views: Views;
  /** τ of the NT-Xent loss (default 0.5, SimCLR's value for CIFAR-10). */
  temperature?: number;
  /** Generator for the views when `fit` gives none. Default 0. */
  seed?: SeedLike;
}

/**
 * SimCLR pre-training (Chen et al. 2020): two augmented views of each image go through the encoder
 * and a projection head, and the NT-Xent loss pulls each view toward its twin and away from the
 * other 2N - 2 views of the batch. A `ProxyTask` for `fit`; its output is `[2, N, d]` (the two
 * views' projections). After pre-training, keep the encoder and drop the projection: SimCLR
 * found the features before the projection transfer better.
 */
export function simclrTask(encoder: Module, projection: Module, options: SimclrTaskOptions): ProxyTask {
  const where = 'simclrTask';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['views', 'temperature', 'seed']);
  checkEncoderHead(where, encoder, projection, 'projection');
  checkViews(where, options.views);
  const temperature = checkPositive(where, 'temperature', options.temperature ?? 0.5);
  return new ProxyTask('simclr', encoder, projection, (task, x, o) => twoViews(task, x, o, options.views), (outputs) =>
    tf.tidy(() => ntXentLoss(half(outputs, 0), half(outputs, 1), { temperature }) as tf.Scalar), options.seed);
}
