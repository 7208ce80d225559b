import { disposeTensors, tf } from '@dl/core';
import { checkInt, checkNumber, checkObject, checkOneOf, show } from './internal/check.js';
import type { Callback, EpochLog, TrainContext } from './types.js';

export interface EarlyStoppingOptions {
  /** A figure of the epoch log. Default `'valLoss'`. */
  monitor?: keyof EpochLog | string;
  /** Epochs without improvement before stopping (at least one is always waited). Default 0, as Keras. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** `'min'`, `'max'` or `'auto'` (max for accuracies, min otherwise). Default `'auto'`. */
  mode?: 'min' | 'max' | 'auto';
  /** Put the best epoch's weights (buffers included) back when training ends. Default false. */
  restoreBest?: boolean;
  /**
   * Seed 004's growing patience (Bengio 2012; deeplearning.net's `patience_increase`): after a new
   * best at epoch b, wait at least `b · (patienceIncrease − 1)` epochs. Must be > 1. Off by default.
   */
  patienceIncrease?: number;
}

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
  stoppedEpoch: number;
}

export interface EarlyStopping extends Callback {
  readonly best: number | undefined;
  readonly bestEpoch: number;
  /** The epoch after which training stopped; 0 when it did not. */
  readonly stoppedEpoch: number;
  /** Epochs without improvement allowed now (grows with `patienceIncrease`). */
  readonly allowedWait: number;
}

/**
 * Stops training when the monitored figure has not improved by more than `minDelta` for
 * `patience` epochs (Keras's `EarlyStopping`, Lightning's `EarlyStopping`), optionally restoring
 * the best weights. The notes' early stopping (seed 003) and growing patience (seed 004).
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const fn = 'earlyStopping';
  checkObject(fn, 'options', options);
  const monitor = options.monitor ?? 'valLoss';
  if (typeof monitor !== 'string') throw new TypeError(`${fn}: monitor must be a string, got ${show(monitor)}`);
  const patience = checkInt(fn, 'patience', options.patience, 0, 0);
  const minDelta = Math.abs(checkNumber(fn, 'minDelta', options.minDelta, (v) => v >= 0, '>= 0', 0));
  const modeOpt = checkOneOf(fn, 'mode', options.mode, ['min', 'max', 'auto'] as const, 'auto');
  const mode = modeOpt === 'auto' ? (/acc|topk/i.test(monitor) ? 'max' : 'min') : modeOpt;
  const increase = options.patienceIncrease === undefined ? undefined : checkNumber(fn, 'patienceIncrease', options.patienceIncrease, (v) => v > 1, '> 1');
  const restoreBest = options.restoreBest ?? false;
  let best: number | undefined;
  let bestEpoch = 0;
  let wait = 0;
  let stoppedEpoch = 0;
  let bestWeights: Record<string, tf.Tensor> | undefined;
  const allowed = () => Math.max(1, patience, increase ? Math.ceil(bestEpoch * (increase - 1)) : 0);
  const improved = (v: number) => best === undefined || (mode === 'min' ? v < best - minDelta : v > best + minDelta);
  return {
    name: 'earlyStopping',
    get best() {
      return best;
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    get allowedWait() {
      return allowed();
    },
    onEpochEnd(ctx: TrainContext, log: EpochLog) {
      const value = (log as unknown as Record<string, unknown>)[monitor];
      if (typeof value !== 'number') {
        const have = Object.keys(log).filter((k) => typeof (log as unknown as Record<string, unknown>)[k] === 'number');
        throw new RangeError(`${fn}: monitor '${monitor}' is not in the epoch log (has ${have.join(', ')}); validation figures need fit's validation option`);
      }
      if (improved(value)) {
        best = value;
        bestEpoch = log.epoch;
        wait = 0;
        if (restoreBest) {
          disposeTensors(bestWeights);
          bestWeights = ctx.weights();
        }
        return;
      }
      wait++;
      if (wait >= allowed()) {
        stoppedEpoch = log.epoch;
        ctx.stop(`earlyStopping: ${monitor} has not improved for ${wait} epochs (best ${best} at epoch ${bestEpoch})`, 'early-stopping');
      }
    },
    onTrainEnd(ctx: TrainContext) {
      if (bestWeights) {
        if (restoreBest) ctx.setWeights(bestWeights);
        disposeTensors(bestWeights);
        bestWeights = undefined;
      }
    },
    state(): EarlyStoppingState {
      return { best: best ?? null, bestEpoch, wait, stoppedEpoch };
    },
    loadState(s: unknown) {
      const st = s as EarlyStoppingState;
      best = st.best ?? undefined;
      bestEpoch = st.bestEpoch;
      wait = st.wait;
      stoppedEpoch = st.stoppedEpoch;
    },
  };
}
