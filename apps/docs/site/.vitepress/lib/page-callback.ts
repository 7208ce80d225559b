// The callback every demo's fit runs with: the page stays live and the Stop button works.
import { tf } from '@dl/core';
import type { Callback } from '@dl/train';

/** Yields to the page after every step (the plots and the Stop button stay live) and stops when asked. */
export function pageCallback(shouldStop: () => boolean, onStep?: (lr: readonly number[]) => void): Callback {
  return {
    name: 'page',
    // after the library's callbacks (0), before checkpoints (100): their epoch figures are in
    priority: 50,
    async onBatchEnd(ctx) {
      onStep?.(ctx.history.lr);
      await tf.nextFrame();
      if (shouldStop()) ctx.stop('stopped from the page', 'callback');
    },
  };
}
