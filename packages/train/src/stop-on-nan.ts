import type { Callback } from './types.js';

/**
 * Stops training at the first non-finite training or validation loss it sees (Keras's
 * `TerminateOnNaN`). `fit` already stops on a non-finite training loss (option `stopOnNaN`); this
 * callback also watches the validation loss. The epoch is not checkpointed.
 */
export function stopOnNaN(): Callback {
  return {
    name: 'stopOnNaN',
    priority: -100,
    onBatchEnd(ctx, log) {
      if (log.loss !== undefined && !Number.isFinite(log.loss)) ctx.stop(`stopOnNaN: the training loss is ${log.loss} at step ${log.step} (epoch ${log.epoch}); training stopped`, 'nan');
    },
    onEpochEnd(ctx, log) {
      for (const k of ['loss', 'valLoss'] as const) {
        const v = log[k];
        if (v !== undefined && !Number.isFinite(v)) ctx.stop(`stopOnNaN: ${k} is ${v} after epoch ${log.epoch}; training stopped`, 'nan');
      }
    },
  };
}
