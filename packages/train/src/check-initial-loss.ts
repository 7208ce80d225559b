import { checkInt, checkNumber, checkObject } from './internal/check.js';
import { sizeOf, take, toDataset } from './dataset.js';
import type { DataLike } from './dataset.js';
import { evaluate } from './evaluate.js';
import type { LossFn, Model } from './types.js';

export interface InitialLossCheck {
  loss: number;
  /** ln C: the cross-entropy of a uniform prediction over C classes. */
  expected: number;
  /** |loss − ln C| / ln C. */
  relativeError: number;
  ok: boolean;
  message: string;
}

/**
 * The notes' first sanity check (seed 003): before training, the softmax cross-entropy of a freshly
 * initialised classifier should be near ln C. Evaluates in eval mode on up to `samples` examples.
 */
export async function checkInitialLoss(model: Model, data: DataLike, options: { numClasses: number; tolerance?: number; samples?: number; loss?: LossFn }): Promise<InitialLossCheck> {
  const fn = 'checkInitialLoss';
  checkObject(fn, 'options', options);
  const c = checkInt(fn, 'numClasses', options.numClasses, 2);
  const tolerance = checkNumber(fn, 'tolerance', options.tolerance, (v) => v > 0, '> 0', 0.25);
  const samples = checkInt(fn, 'samples', options.samples, 1, 512);
  const d = toDataset(data, fn);
  const sub = take(d, Int32Array.from({ length: Math.min(samples, sizeOf(d)) }, (_, i) => i));
  try {
    const { loss } = await evaluate(model, sub, options.loss ? { loss: options.loss } : {});
    const expected = Math.log(c);
    const relativeError = Math.abs(loss - expected) / expected;
    const ok = relativeError <= tolerance;
    const message = ok
      ? `initial loss ${loss.toFixed(4)} is near ln ${c} = ${expected.toFixed(4)}`
      : `initial loss ${loss.toFixed(4)} is far from ln ${c} = ${expected.toFixed(4)} (${(relativeError * 100).toFixed(0)}% off): check the initialisation scale, the final layer and the loss`;
    return { loss, expected, relativeError, ok, message };
  } finally {
    sub.x.dispose();
    sub.y.dispose();
  }
}
