import { toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkFunction, checkInt, checkNumber, checkObject, checkOneOf, show } from './internal/check.js';

/** A list of values, or a range sampled uniformly (or log-uniformly) by random search. */
export type SearchDimension = readonly unknown[] | { min: number; max: number; log?: boolean; integer?: boolean };

export interface TrialOutcome {
  score: number;
  /** Divergence; a non-finite score counts as divergence too. */
  diverged?: boolean;
  [extra: string]: unknown;
}

export interface SearchOptions<P extends Record<string, unknown>> {
  space: { [K in keyof P]: SearchDimension };
  /** Runs one configuration; resolves to its score (e.g. the best validation loss) or an outcome. */
  trial: (params: P, info: { index: number; retry: number }) => Promise<number | TrialOutcome> | number | TrialOutcome;
  /** `'random'` (default; Bergstra & Bengio 2012) or `'grid'` (lists only). */
  strategy?: 'random' | 'grid';
  /** Trials run at most, retries included. Default 20 (grid: the grid's size). */
  budget?: number;
  /** `'min'` (default) or `'max'` score. */
  mode?: 'min' | 'max';
  /**
   * The notes' heuristic (seed 004): start with a large learning rate and, when training diverges,
   * try again with a 3 times smaller one. Names the option (`key`, default `'lr'`) and the divisor.
   */
  onDivergence?: { key?: string; factor?: number; maxRetries?: number };
  seed?: SeedLike;
}

export interface TrialRecord<P> {
  params: P;
  score: number;
  diverged: boolean;
  retry: number;
  outcome: TrialOutcome;
}

export interface SearchResult<P> {
  best: TrialRecord<P> | undefined;
  trials: TrialRecord<P>[];
}

function sampleDim(d: SearchDimension, rng: ReturnType<typeof toRng>): unknown {
  if (Array.isArray(d)) return d[rng.int(d.length)];
  const r = d as { min: number; max: number; log?: boolean; integer?: boolean };
  const u = rng.next();
  const v = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  return r.integer ? Math.round(v) : v;
}

/**
 * Random or grid search over hyper-parameters within a budget of trials, keeping the best score;
 * with `onDivergence`, a diverging trial is retried with its learning rate divided by 3 (the notes'
 * heuristic) until it trains or `maxRetries` runs out. Trials run one after another.
 */
export async function search<P extends Record<string, unknown>>(options: SearchOptions<P>): Promise<SearchResult<P>> {
  const fn = 'search';
  checkObject(fn, 'options', options);
  checkObject(fn, 'space', options.space);
  checkFunction(fn, 'trial', options.trial);
  const strategy = checkOneOf(fn, 'strategy', options.strategy, ['random', 'grid'] as const, 'random');
  const mode = checkOneOf(fn, 'mode', options.mode, ['min', 'max'] as const, 'min');
  const keys = Object.keys(options.space) as (keyof P & string)[];
  for (const k of keys) {
    const d = options.space[k] as SearchDimension;
    if (Array.isArray(d)) {
      if (d.length === 0) throw new RangeError(`${fn}: space.${k} is an empty list`);
    } else {
      checkObject(fn, `space.${k}`, d);
      const r = d as { min: number; max: number; log?: boolean };
      if (strategy === 'grid') throw new TypeError(`${fn}: grid search needs a list of values for space.${k}, got a range`);
      if (!(typeof r.min === 'number' && typeof r.max === 'number' && r.min <= r.max) || (r.log && r.min <= 0)) throw new RangeError(`${fn}: space.${k} must be {min <= max} (min > 0 with log), got ${show(d)}`);
    }
  }
  const grid: P[] = [];
  if (strategy === 'grid') {
    let combos: Record<string, unknown>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => (options.space[k] as readonly unknown[]).map((v) => ({ ...c, [k]: v })));
    grid.push(...(combos as P[]));
  }
  const budget = checkInt(fn, 'budget', options.budget, 1, strategy === 'grid' ? grid.length : 20);
  let div: { key: string; factor: number; maxRetries: number } | undefined;
  if (options.onDivergence !== undefined) {
    checkObject(fn, 'onDivergence', options.onDivergence);
    div = {
      key: options.onDivergence.key ?? 'lr',
      factor: checkNumber(fn, 'onDivergence.factor', options.onDivergence.factor, (v) => v > 1, '> 1', 3),
      maxRetries: checkInt(fn, 'onDivergence.maxRetries', options.onDivergence.maxRetries, 0, 5),
    };
  }
  const rng = toRng(options.seed, fn);
  const trials: TrialRecord<P>[] = [];
  let best: TrialRecord<P> | undefined;
  let used = 0;
  for (let index = 0; used < budget && (strategy === 'random' || index < grid.length); index++) {
    let params = strategy === 'grid' ? grid[index]! : (Object.fromEntries(keys.map((k) => [k, sampleDim(options.space[k] as SearchDimension, rng)])) as P);
    for (let retry = 0; used < budget; retry++) {
      used++;
      const raw = await options.trial(params, { index, retry });
      const outcome: TrialOutcome = typeof raw === 'number' ? { score: raw } : raw;
      const diverged = outcome.diverged === true || !Number.isFinite(outcome.score);
      const record: TrialRecord<P> = { params, score: outcome.score, diverged, retry, outcome };
      trials.push(record);
      if (!diverged && (!best || (mode === 'min' ? record.score < best.score : record.score > best.score))) best = record;
      const v = div ? params[div.key] : undefined;
      if (!diverged || !div || typeof v !== 'number' || retry >= div.maxRetries) break;
      params = { ...params, [div.key]: v / div.factor };
    }
  }
  return { best, trials };
}
