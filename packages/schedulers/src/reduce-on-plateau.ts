import { inRange, integer, nonNegative, oneOf, options, positive, show } from './internal/validate.js';

export interface ReduceOnPlateauOptions<L extends number | readonly number[] = number> {
  /** Initial learning rate (> 0), or one per parameter group (PyTorch's groups, each reduced on its own). */
  lr: L;
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
  /** Lower bound of the rate (>= 0), or one per group (as many as `lr` has; PyTorch's `min_lr` list). Default 0. */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped, group by group (>= 0). Default 1e-8. */
  eps?: number;
}

/** The evolving part of a {@link ReduceOnPlateau}, as plain JSON (`best` null before the first metric). */
export interface ReduceOnPlateauState<R extends number | number[] = number> {
  /** The rate, or one per group: the shape of the `lr` option. */
  lr: R;
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

export interface ReduceOnPlateau<R extends number | number[] = number> {
  /** Records the metric of one epoch and returns the (possibly reduced) learning rate, or one per group. */
  step(metric: number): R;
  /** The current learning rate, or a copy of the rates per group. */
  readonly lr: R;
  /** A copy of the state, to store in a checkpoint. */
  state(): ReduceOnPlateauState<R>;
  /** Restores a state from {@link ReduceOnPlateau.state}; its `lr` must have the shape of the `lr` option. */
  loadState(state: ReduceOnPlateauState<R>): void;
}

/**
 * Reduce the learning rate by `factor` when a metric has stopped improving for `patience` steps.
 * Stateful: `step(metric)` once per evaluation returns the new rate for `optimizer.setLearningRate`.
 * With `lr` an array (one rate per parameter group) `step` returns an array: on a plateau every
 * group is multiplied by `factor`, floored at its own `minLr`, and left alone where the reduction
 * would be smaller than `eps`, as PyTorch's `_reduce_lr`. PyTorch: `ReduceLROnPlateau`.
 */
export function reduceOnPlateau(opts: ReduceOnPlateauOptions<readonly number[]>): ReduceOnPlateau<number[]>;
export function reduceOnPlateau(opts: ReduceOnPlateauOptions<number>): ReduceOnPlateau<number>;
export function reduceOnPlateau(opts: ReduceOnPlateauOptions<number | readonly number[]>): ReduceOnPlateau<number> | ReduceOnPlateau<number[]> {
  const fn = 'reduceOnPlateau';
  const o = options(fn, opts);
  const grouped = Array.isArray(o.lr);
  const groupLrs = (name: string, value: unknown): number[] => {
    if (!Array.isArray(value)) return [positive(name, 'lr', value)];
    if (value.length === 0) throw new RangeError(`${name}: lr must be a number or a non-empty array of numbers, got []`);
    return value.map((v, i) => positive(name, `lr[${i}]`, v));
  };
  const initialLrs = groupLrs(fn, o.lr);
  const groups = initialLrs.length;
  const mode = oneOf(fn, 'mode', o.mode ?? 'min', ['min', 'max'] as const);
  const factor = inRange(fn, 'factor', o.factor ?? 0.1, 0, 1, '()');
  const patience = integer(fn, 'patience', o.patience ?? 10, 0);
  const threshold = nonNegative(fn, 'threshold', o.threshold ?? 1e-4);
  const thresholdMode = oneOf(fn, 'thresholdMode', o.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
  const cooldown = integer(fn, 'cooldown', o.cooldown ?? 0, 0);
  let minLrs: number[];
  if (Array.isArray(o.minLr)) {
    if (o.minLr.length !== groups) {
      throw new RangeError(`${fn}: minLr must have one value per group, ${groups} (as lr), got ${o.minLr.length}: ${show(o.minLr)}`);
    }
    minLrs = o.minLr.map((v, i) => nonNegative(fn, `minLr[${i}]`, v));
  } else {
    minLrs = Array<number>(groups).fill(nonNegative(fn, 'minLr', o.minLr ?? 0));
  }
  const eps = nonNegative(fn, 'eps', o.eps ?? 1e-8);
  const worse = mode === 'min' ? Infinity : -Infinity;

  // PyTorch's comparisons, operation for operation.
  const isBetter = (a: number, best: number): boolean => {
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  };

  let lrs = initialLrs.slice();
  let best = worse;
  let numBadEpochs = 0;
  let cooldownCounter = 0;
  let lastEpoch = 0;
  const current = (): number | number[] => (grouped ? lrs.slice() : (lrs[0] as number));

  const plateau: ReduceOnPlateau<number | number[]> = {
    step(metric: number) {
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
        lrs = lrs.map((lr, i) => {
          const next = Math.max(lr * factor, minLrs[i] as number);
          return lr - next > eps ? next : lr;
        });
        cooldownCounter = cooldown;
        numBadEpochs = 0;
      }
      return current();
    },
    get lr() {
      return current();
    },
    state() {
      return { lr: current(), best: Number.isFinite(best) ? best : null, numBadEpochs, cooldownCounter, lastEpoch };
    },
    loadState(s) {
      const name = `${fn}.loadState`;
      if (s === null || typeof s !== 'object') throw new TypeError(`${fn}: loadState expects a state object, got ${show(s)}`);
      if (Array.isArray(s.lr) !== grouped || (grouped && (s.lr as number[]).length !== groups)) {
        throw new RangeError(`${name}: lr must be ${grouped ? `an array of ${groups} rates` : 'a number'}, as the lr option, got ${show(s.lr)}`);
      }
      const nextLrs = groupLrs(name, s.lr);
      if (s.best !== null && (typeof s.best !== 'number' || Number.isNaN(s.best))) {
        throw new TypeError(`${name}: best must be a number or null, got ${show(s.best)}`);
      }
      const bad = integer(name, 'numBadEpochs', s.numBadEpochs, 0);
      const cd = integer(name, 'cooldownCounter', s.cooldownCounter, 0);
      const le = integer(name, 'lastEpoch', s.lastEpoch, 0);
      lrs = nextLrs;
      best = s.best === null ? worse : s.best;
      numBadEpochs = bad;
      cooldownCounter = cd;
      lastEpoch = le;
    },
  };
  return plateau as ReduceOnPlateau<number> | ReduceOnPlateau<number[]>;
}
