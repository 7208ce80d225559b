import { inRange, integer, nonNegative, oneOf, options, positive, show } from './internal/validate.js';

export interface ReduceOnPlateauOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** `'min'`: the metric should fall (a loss); `'max'`: rise (an accuracy). Default `'min'`. */
  mode?: 'min' | 'max';
  /** Multiplier applied on a plateau, in (0, 1). Default 0.1. */
  factor?: number;
  /** Bad steps tolerated before reducing (integer >= 0). Default 10. */
  patience?: number;
  /** Least improvement that counts (>= 0). Default 1e-4. */
  threshold?: number;
  /** `'rel'`: improve on `best * (1 ∓ threshold)`; `'abs'`: on `best ∓ threshold`. Default `'rel'`. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again (integer >= 0). Default 0. */
  cooldown?: number;
  /** Lower bound of the rate (>= 0). Default 0. */
  minLr?: number;
  /** Reductions smaller than this are skipped (>= 0). Default 1e-8. */
  eps?: number;
}

/** The evolving part of a {@link ReduceOnPlateau}, as plain JSON (`best` null before the first metric). */
export interface ReduceOnPlateauState {
  lr: number;
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

export interface ReduceOnPlateau {
  /** Records the metric of one epoch and returns the (possibly reduced) learning rate. */
  step(metric: number): number;
  /** The current learning rate. */
  readonly lr: number;
  /** A copy of the state, to store in a checkpoint. */
  state(): ReduceOnPlateauState;
  /** Restores a state from {@link ReduceOnPlateau.state}. */
  loadState(state: ReduceOnPlateauState): void;
}

/**
 * Reduce the learning rate by `factor` when a metric has stopped improving for `patience` steps.
 * Stateful: `step(metric)` once per evaluation returns the new rate for `optimizer.setLearningRate`.
 * PyTorch: `ReduceLROnPlateau`.
 */
export function reduceOnPlateau(opts: ReduceOnPlateauOptions): ReduceOnPlateau {
  const fn = 'reduceOnPlateau';
  const o = options(fn, opts);
  const initialLr = positive(fn, 'lr', o.lr);
  const mode = oneOf(fn, 'mode', o.mode ?? 'min', ['min', 'max'] as const);
  const factor = inRange(fn, 'factor', o.factor ?? 0.1, 0, 1, '()');
  const patience = integer(fn, 'patience', o.patience ?? 10, 0);
  const threshold = nonNegative(fn, 'threshold', o.threshold ?? 1e-4);
  const thresholdMode = oneOf(fn, 'thresholdMode', o.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
  const cooldown = integer(fn, 'cooldown', o.cooldown ?? 0, 0);
  const minLr = nonNegative(fn, 'minLr', o.minLr ?? 0);
  const eps = nonNegative(fn, 'eps', o.eps ?? 1e-8);
  const worse = mode === 'min' ? Infinity : -Infinity;

  // PyTorch's comparisons, operation for operation.
  const isBetter = (a: number, best: number): boolean => {
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  };

  let lr = initialLr;
  let best = worse;
  let numBadEpochs = 0;
  let cooldownCounter = 0;
  let lastEpoch = 0;

  return {
    step(metric: number): number {
      if (typeof metric !== 'number') throw new TypeError(`${fn}: step(metric) needs a number, got ${show(metric)}`);
      lastEpoch += 1;
      if (isBetter(metric, best)) {
        best = metric;
        numBadEpochs = 0;
      } else {
        numBadEpochs += 1;
      }
      if (cooldownCounter > 0) {
        cooldownCounter -= 1;
        numBadEpochs = 0;
      }
      if (numBadEpochs > patience) {
        const next = Math.max(lr * factor, minLr);
        if (lr - next > eps) lr = next;
        cooldownCounter = cooldown;
        numBadEpochs = 0;
      }
      return lr;
    },
    get lr() {
      return lr;
    },
    state(): ReduceOnPlateauState {
      return { lr, best: Number.isFinite(best) ? best : null, numBadEpochs, cooldownCounter, lastEpoch };
    },
    loadState(s: ReduceOnPlateauState): void {
      if (s === null || typeof s !== 'object') throw new TypeError(`${fn}: loadState expects a state object, got ${show(s)}`);
      const nextLr = positive(`${fn}.loadState`, 'lr', s.lr);
      if (s.best !== null && (typeof s.best !== 'number' || Number.isNaN(s.best))) {
        throw new TypeError(`${fn}.loadState: best must be a number or null, got ${show(s.best)}`);
      }
      const bad = integer(`${fn}.loadState`, 'numBadEpochs', s.numBadEpochs, 0);
      const cd = integer(`${fn}.loadState`, 'cooldownCounter', s.cooldownCounter, 0);
      const le = integer(`${fn}.loadState`, 'lastEpoch', s.lastEpoch, 0);
      lr = nextLr;
      best = s.best === null ? worse : s.best;
      numBadEpochs = bad;
      cooldownCounter = cd;
      lastEpoch = le;
    },
  };
}
