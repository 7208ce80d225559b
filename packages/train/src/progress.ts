import { checkFunction, checkInt, checkObject } from './internal/check.js';
import type { BatchLog, Callback, EpochLog } from './types.js';

/** What a progress display shows after a batch. */
export interface ProgressInfo {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean of the epoch so far, as last read back (NaN before the first readback). */
  loss: number;
  accuracy: number;
  lr: number;
  samplesPerSecond: number;
  /** Seconds left in the epoch at the current speed. */
  etaSeconds: number;
  /** Present on the epoch's summary call. */
  epochLog?: EpochLog;
}

export interface ProgressOptions {
  onUpdate: (info: ProgressInfo) => void;
  /** Call every this many batches (and at each epoch's end). Default 1. */
  every?: number;
}

/**
 * Reports progress after batches and epochs to `onUpdate`, without reading anything back itself
 * (the figures are those `fit` read every `logEvery` steps). `@dl/train/node`'s `progress` draws a
 * terminal bar with it.
 */
export function progress(options: ProgressOptions): Callback {
  checkObject('progress', 'options', options);
  checkFunction('progress', 'onUpdate', options.onUpdate);
  const every = checkInt('progress', 'every', options.every, 1, 1);
  let loss = Number.NaN;
  let accuracy = Number.NaN;
  let last: BatchLog | undefined;
  return {
    name: 'progress',
    priority: -50,
    onEpochBegin() {
      loss = Number.NaN;
      accuracy = Number.NaN;
    },
    onBatchEnd(ctx, log) {
      if (log.loss !== undefined) {
        loss = log.loss;
        accuracy = log.accuracy!;
      }
      last = log;
      if (log.batch % every !== 0 && log.batch !== log.batches) return;
      const speed = log.samples / Math.max(log.seconds, 1e-9);
      const left = (log.batches - log.batch) * (log.samples / log.batch);
      options.onUpdate({ epoch: log.epoch, epochs: ctx.epochs, batch: log.batch, batches: log.batches, loss, accuracy, lr: log.lr, samplesPerSecond: speed, etaSeconds: left / speed });
    },
    onEpochEnd(ctx, log) {
      options.onUpdate({
        epoch: log.epoch,
        epochs: ctx.epochs,
        batch: log.steps,
        batches: log.steps,
        loss: log.loss,
        accuracy: log.accuracy,
        lr: log.lr,
        samplesPerSecond: log.samplesPerSecond,
        etaSeconds: 0,
        epochLog: log,
      });
      void last;
    },
  };
}
