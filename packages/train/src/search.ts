import { toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkFunction, checkInt, checkNumber, checkObject, checkOneOf, show } from './internal/check.js';

/** A list of values, or a range sampled uniformly (or log-uniformly) by random search. */
export type SearchDimension = readonly unknown[] | { min: number; max: number; log?: boolean; integer?: boolean };

export interface TrialOutcome {
  score: number;
  /** Divergence; a non-finite score counts as divergence too. */
  diverged?: boolean;
  /** Epochs run, counted by the trial (default: the highest epoch it reported). */
  epochs?: number;
  [extra: string]: unknown;
}

/** Where a trial keeps its last epoch's checkpoint, so that a trial picked up again (its worker died) resumes there. */
export interface TrialCheckpoint {
  /** The last saved bytes, or undefined when the trial starts from scratch. */
  load(): Promise<Uint8Array | undefined>;
  save(bytes: Uint8Array): Promise<void>;
}

/** What a trial gets beside its parameters. */
export interface TrialInfo {
  index: number;
  retry: number;
  /**
   * Reports an intermediate metric (in the study's `mode`) after `epoch` (1-based); resolves to
   * false when the study's scheduler (ASHA) stops the trial, which should then return its best
   * score so far. Without a scheduler it always resolves to true.
   */
  report(epoch: number, value: number): Promise<boolean>;
  /** Set by executors whose trials can be interrupted (the queue's); undefined in-process. */
  checkpoint?: TrialCheckpoint;
  /** The worker running the trial (`'local'` in-process). */
  worker: string;
}

export type TrialFn<P> = (params: P, info: TrialInfo) => Promise<number | TrialOutcome> | number | TrialOutcome;

/** ASHA (Li et al. 2020, Ray Tune's `ASHAScheduler`): stops a trial at a rung unless it is in the top 1/`reductionFactor` there. */
export interface AshaOptions {
  /** Epochs of a trial run to the end (Ray's `max_t`). */
  maxEpochs: number;
  /** The first rung (Ray's `grace_period`). Default 1. */
  gracePeriod?: number;
  /** Default 3 (Ray's `reduction_factor`). */
  reductionFactor?: number;
}

/** One trial as data: what a worker in another process needs to run it (JSON-safe). */
export interface TrialTask<P = Record<string, unknown>> {
  /** The study's id (the executor's; `'local'` in-process). */
  study: string;
  /** The registered name the workers know the trial function by (`trial` given as a string). */
  trial: string | undefined;
  index: number;
  retry: number;
  params: P;
  mode: 'min' | 'max';
  /** ASHA's rungs (epochs at which trials are compared) and reduction factor. */
  asha?: { milestones: number[]; reductionFactor: number };
}

/** What running a task gives back, on any executor. */
export interface TrialResult {
  score: number;
  diverged: boolean;
  /** Stopped early by ASHA. */
  stopped: boolean;
  /** Epochs run (the highest epoch reported), 0 when the trial reported none. */
  epochs: number;
  worker: string;
  outcome: TrialOutcome;
}

/** The values recorded at one ASHA rung before `key`'s (recorded atomically with it; a repeated key gets the same answer). */
export interface RungStore {
  record(rung: number, key: string, value: number): Promise<number[]>;
}

/** The study as the executor sees it, before its first trial. */
export interface StudySpec {
  /** The `study` option, if given. */
  name: string | undefined;
  trial: string | undefined;
  /** Everything that decides which trials run (space, strategy, budget, mode, onDivergence, asha, seed). */
  definition: Record<string, unknown>;
  /** The number of trials at most (the budget). */
  budget: number;
}

/** A study opened on an executor. */
export interface StudyRun {
  run<P extends Record<string, unknown>>(task: TrialTask<P>, local: TrialFn<P> | undefined): Promise<TrialResult>;
  /** Called once when the study ends, `ok` false when it ends on an error. */
  close(ok: boolean): Promise<void>;
}

/**
 * Where trials run: `inProcess()` (the default) or a queue's (`@dl/queue/node`). `concurrency`
 * trials are in flight at once; 1 runs them one after another in `search`'s order.
 */
export interface TrialExecutor {
  readonly kind: string;
  readonly concurrency: number;
  open(study: StudySpec): Promise<StudyRun>;
}

export interface SearchOptions<P extends Record<string, unknown>> {
  space: { [K in keyof P]: SearchDimension };
  /**
   * Runs one configuration; resolves to its score (e.g. the best validation loss) or an outcome.
   * A string names a trial registered with the queue's workers (queue executors only).
   */
  trial: TrialFn<P> | string;
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
  /** Early stopping of bad trials on the values they `report` (ASHA). */
  asha?: AshaOptions;
  seed?: SeedLike;
  /** Default `inProcess()`. */
  executor?: TrialExecutor;
  /** The study's name on a queue executor (default: derived from the study's definition). */
  study?: string;
  /** Called as trials finish (progress). */
  onTrial?: (record: TrialRecord<P>, done: number) => void;
}

export interface TrialRecord<P> {
  params: P;
  score: number;
  diverged: boolean;
  retry: number;
  outcome: TrialOutcome;
  index: number;
  /** `'done'` (ran to its end), `'stopped'` (by ASHA) or `'diverged'`. */
  status: 'done' | 'stopped' | 'diverged';
  epochs: number;
  worker: string;
}

export interface SearchResult<P> {
  best: TrialRecord<P> | undefined;
  trials: TrialRecord<P>[];
  /**
   * Trials a concurrent executor ran beyond what the budget allowed once earlier retries were
   * known (the sequential run never runs them): not in `trials`, listed for their compute.
   */
  discarded: TrialRecord<P>[];
}

function sampleDim(d: SearchDimension, rng: ReturnType<typeof toRng>): unknown {
  if (Array.isArray(d)) return d[rng.int(d.length)];
  const r = d as { min: number; max: number; log?: boolean; integer?: boolean };
  const u = rng.next();
  const v = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  return r.integer ? Math.round(v) : v;
}

/** Ray's `np.nanpercentile` (linear interpolation) of `values` at `q` in [0, 100]. */
function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * ASHA's rule at one rung, as Ray Tune's `_Bracket.on_result`: with the values recorded there
 * before this trial's, continue unless the value is below the (1 - 1/rf) quantile (in "higher
 * is better" terms). The first trial at a rung always continues.
 */
function ashaContinues(prior: number[], value: number, mode: 'min' | 'max', reductionFactor: number): boolean {
  if (!Number.isFinite(value)) return false;
  const sign = mode === 'max' ? 1 : -1;
  const seen = prior.filter(Number.isFinite).map((v) => v * sign);
  if (seen.length === 0) return true;
  return !(value * sign < percentile(seen, (1 - 1 / reductionFactor) * 100));
}

/**
 * Runs one task with `fn` and the rung store: what every executor does (in-process here, in a
 * worker process for the queue's), so both give the same result for the same task.
 */
export async function runTrialTask<P extends Record<string, unknown>>(
  task: TrialTask<P>,
  fn: TrialFn<P>,
  context: { rungs: RungStore; checkpoint?: TrialCheckpoint; worker: string },
): Promise<TrialResult> {
  let epochs = 0;
  let stopped = false;
  const key = `${task.index}:${task.retry}`;
  const milestones = [...(task.asha?.milestones ?? [])].sort((a, b) => b - a);
  const decided = new Set<number>();
  const report = async (epoch: number, value: number): Promise<boolean> => {
    if (!Number.isInteger(epoch) || epoch < 1) throw new RangeError(`search: report's epoch must be an integer >= 1, got ${show(epoch)}`);
    epochs = Math.max(epochs, epoch);
    if (stopped) return false;
    // The highest rung reached and not yet decided (Ray checks its rungs from the top).
    const rung = milestones.findIndex((m) => epoch >= m);
    if (rung < 0 || decided.has(milestones[rung]!)) return true;
    decided.add(milestones[rung]!);
    // A non-finite value is divergence: stopped, not recorded (the study's lr/3 retry handles it).
    if (!Number.isFinite(value)) return !(stopped = true);
    const prior = await context.rungs.record(milestones[rung]!, key, value);
    if (!ashaContinues(prior, value, task.mode, task.asha!.reductionFactor)) stopped = true;
    return !stopped;
  };
  const info: TrialInfo = { index: task.index, retry: task.retry, report, worker: context.worker, ...(context.checkpoint ? { checkpoint: context.checkpoint } : {}) };
  const raw = await fn(task.params, info);
  const outcome: TrialOutcome = typeof raw === 'number' ? { score: raw } : raw;
  if (outcome === null || typeof outcome !== 'object' || typeof outcome.score !== 'number') {
    throw new TypeError(`search: trial ${key} must resolve to a number or {score}, got ${show(raw)}`);
  }
  const diverged = outcome.diverged === true || !Number.isFinite(outcome.score);
  // A trial may count its epochs itself (one that stopped on a NaN mid-epoch reported none).
  if (typeof outcome.epochs === 'number' && Number.isInteger(outcome.epochs) && outcome.epochs >= 0) epochs = outcome.epochs;
  return { score: outcome.score, diverged, stopped: stopped && !diverged, epochs, worker: context.worker, outcome };
}

/** Rungs kept in a Map (one process). */
function memoryRungs(): RungStore {
  const rungs = new Map<number, Map<string, number>>();
  return {
    async record(rung, key, value) {
      const r = rungs.get(rung) ?? new Map<string, number>();
      rungs.set(rung, r);
      const prior = [...r].filter(([k]) => k !== key).map(([, v]) => v);
      if (!r.has(key)) r.set(key, value);
      return prior;
    },
  };
}

/** Runs trials in this process, one after another (today's `search`): the default executor. */
export function inProcess(): TrialExecutor {
  return {
    kind: 'in-process',
    concurrency: 1,
    async open() {
      const rungs = memoryRungs();
      return {
        async run(task, local) {
          if (!local) throw new TypeError(`search: trial '${task.trial}' is a registered name, which only a queue executor's workers can run; pass a function to run in-process`);
          return runTrialTask(task, local, { rungs, worker: 'local' });
        },
        async close() {},
      };
    },
  };
}

/** ASHA's rungs: gracePeriod · rf^k below maxEpochs (the last epoch ends the trial anyway). */
function milestonesOf(asha: AshaOptions): { milestones: number[]; reductionFactor: number } {
  const fn = 'search';
  checkObject(fn, 'asha', asha);
  const maxEpochs = checkInt(fn, 'asha.maxEpochs', asha.maxEpochs, 1);
  const grace = checkInt(fn, 'asha.gracePeriod', asha.gracePeriod, 1, 1);
  const reductionFactor = checkNumber(fn, 'asha.reductionFactor', asha.reductionFactor, (v) => v > 1, '> 1', 3);
  if (grace >= maxEpochs) throw new RangeError(`${fn}: asha.gracePeriod must be below asha.maxEpochs (${maxEpochs}), got ${grace}`);
  const milestones: number[] = [];
  for (let m = grace; m < maxEpochs; m *= reductionFactor) milestones.push(Math.round(m));
  return { milestones: [...new Set(milestones)], reductionFactor };
}

/** True when `v` survives JSON unchanged (what a queue sends to its workers). */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(jsonSafe);
  return false;
}

interface Config<P> {
  index: number;
  attempts: { params: P; result?: TrialResult }[];
  /** No more attempts: the last one trained, or retries ran out. */
  closed: boolean;
}

/**
 * Random or grid search over hyper-parameters within a budget of trials, keeping the best score;
 * with `onDivergence`, a diverging trial is retried with its learning rate divided by 3 (the notes'
 * heuristic) until it trains or `maxRetries` runs out; with `asha`, trials that `report` a bad
 * intermediate value are stopped early. Trials run on `executor` (in-process, one after another,
 * by default); a concurrent executor gives the same trials and results (ASHA's decisions aside,
 * which depend on the order trials reach a rung, as in Ray Tune).
 */
export async function search<P extends Record<string, unknown>>(options: SearchOptions<P>): Promise<SearchResult<P>> {
  const fn = 'search';
  checkObject(fn, 'options', options);
  checkObject(fn, 'space', options.space);
  if (typeof options.trial !== 'string') checkFunction(fn, 'trial', options.trial);
  else if (options.trial.length === 0) throw new TypeError(`${fn}: trial must be a function or a registered trial's name, got ''`);
  const executor = options.executor ?? inProcess();
  if (typeof executor?.open !== 'function' || !(Number.isInteger(executor.concurrency) && executor.concurrency >= 1)) {
    throw new TypeError(`${fn}: executor must be a TrialExecutor (inProcess() or @dl/queue's queueExecutor), got ${show(executor)}`);
  }
  const remote = executor.kind !== 'in-process';
  const strategy = checkOneOf(fn, 'strategy', options.strategy, ['random', 'grid'] as const, 'random');
  const mode = checkOneOf(fn, 'mode', options.mode, ['min', 'max'] as const, 'min');
  const keys = Object.keys(options.space) as (keyof P & string)[];
  for (const k of keys) {
    const d = options.space[k] as SearchDimension;
    if (Array.isArray(d)) {
      if (d.length === 0) throw new RangeError(`${fn}: space.${k} is an empty list`);
      if (remote && !d.every(jsonSafe)) throw new TypeError(`${fn}: space.${k} holds a value a queue cannot send to its workers (JSON: finite numbers, strings, booleans, null, arrays, plain objects), got ${show(d)}`);
    } else {
      checkObject(fn, `space.${k}`, d);
      const r = d as { min: number; max: number; log?: boolean; integer?: boolean };
      if (strategy === 'grid') throw new TypeError(`${fn}: grid search needs a list of values for space.${k}, got a range`);
      if (!(typeof r.min === 'number' && typeof r.max === 'number' && Number.isFinite(r.min) && Number.isFinite(r.max) && r.min <= r.max) || (r.log && r.min <= 0)) {
        throw new RangeError(`${fn}: space.${k} must be {min <= max} (min > 0 with log), got ${show(d)}`);
      }
      if (r.integer && Math.ceil(r.min) > Math.floor(r.max)) throw new RangeError(`${fn}: space.${k} holds no integer (integer: true), got ${show(d)}`);
    }
  }
  if (typeof options.trial === 'string' && !remote) throw new TypeError(`${fn}: trial '${options.trial}' is a registered name, which only a queue executor's workers can run; pass a function to run in-process`);
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
  const asha = options.asha === undefined ? undefined : milestonesOf(options.asha);
  if (remote && typeof options.seed !== 'number') {
    throw new TypeError(`${fn}: seed must be a number with a queue executor (a restarted coordinator samples the same trials from it), got ${show(options.seed)}`);
  }
  if (options.study !== undefined && (typeof options.study !== 'string' || !/^[\w.-]{1,100}$/.test(options.study))) {
    throw new TypeError(`${fn}: study must be a name of letters, digits, '.', '_' or '-', got ${show(options.study)}`);
  }
  const rng = toRng(options.seed, fn);
  const local = typeof options.trial === 'function' ? options.trial : undefined;
  const trialName = typeof options.trial === 'string' ? options.trial : undefined;
  const definition = { space: options.space, strategy, budget, mode, onDivergence: div ?? null, asha: asha ?? null, seed: typeof options.seed === 'number' ? options.seed : null, trial: trialName ?? null };
  const study = await executor.open({ name: options.study, trial: trialName, definition, budget });

  // Scheduling that gives `budget`'s sequential plan on any concurrency: a trial (config i, retry r)
  // may start while the attempts started by configs before i, plus r, stay under the budget. Earlier
  // configs may later add retries; the final tally below then drops what the sequential run would
  // not have run (`discarded`). With concurrency 1 this is exactly the one-after-another loop.
  const configs: Config<P>[] = [];
  const startedBefore = (i: number) => configs.slice(0, i).reduce((s, c) => s + c.attempts.length, 0);
  const retryParams = (c: Config<P>): P | undefined => {
    const last = c.attempts[c.attempts.length - 1]!;
    const v = div ? last.params[div.key] : undefined;
    if (!last.result!.diverged || !div || typeof v !== 'number' || c.attempts.length - 1 >= div.maxRetries) return undefined;
    return { ...last.params, [div.key]: v / div.factor };
  };
  const inFlight = new Map<string, Promise<void>>();
  let failure: unknown;
  let done = 0;
  const launch = (c: Config<P>, params: P) => {
    const retry = c.attempts.length;
    const attempt: { params: P; result?: TrialResult } = { params };
    c.attempts.push(attempt);
    const task: TrialTask<P> = { study: 'local', trial: trialName, index: c.index, retry, params, mode, ...(asha ? { asha } : {}) };
    const key = `${c.index}:${retry}`;
    const p = study.run(task, local).then(
      (result) => {
        attempt.result = result;
        done++;
        if (!retryParams(c)) c.closed = true;
        options.onTrial?.(toRecord(c.index, retry, params, result), done);
      },
      (error: unknown) => {
        failure ??= error;
      },
    ).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  };
  const next = (): boolean => {
    for (const c of configs) {
      const last = c.attempts[c.attempts.length - 1]!;
      if (c.closed || last.result === undefined) continue;
      const params = retryParams(c);
      if (params && startedBefore(c.index) + c.attempts.length < budget) {
        launch(c, params);
        return true;
      }
    }
    const index = configs.length;
    if (strategy === 'grid' && index >= grid.length) return false;
    if (startedBefore(index) >= budget) return false;
    const params = strategy === 'grid' ? grid[index]! : (Object.fromEntries(keys.map((k) => [k, sampleDim(options.space[k] as SearchDimension, rng)])) as P);
    const c: Config<P> = { index, attempts: [], closed: false };
    configs.push(c);
    launch(c, params);
    return true;
  };
  try {
    // On a failure, stop at once: trials still running elsewhere (a queue's workers) are not waited
    // for; their results stay with the executor for a rerun.
    while (failure === undefined) {
      while (inFlight.size < executor.concurrency && next());
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    if (failure !== undefined) throw failure;
  } catch (error) {
    await study.close(false);
    throw error;
  }
  await study.close(true);

  const trials: TrialRecord<P>[] = [];
  let best: TrialRecord<P> | undefined;
  let used = 0;
  const discarded: TrialRecord<P>[] = [];
  for (const c of configs) {
    for (const [retry, a] of c.attempts.entries()) {
      if (used >= budget) {
        discarded.push(toRecord(c.index, retry, a.params, a.result!));
        continue;
      }
      used++;
      const record = toRecord(c.index, retry, a.params, a.result!);
      trials.push(record);
      if (!record.diverged && (!best || (mode === 'min' ? record.score < best.score : record.score > best.score))) best = record;
    }
  }
  return { best, trials, discarded };
}

function toRecord<P>(index: number, retry: number, params: P, r: TrialResult): TrialRecord<P> {
  return {
    params,
    score: r.score,
    diverged: r.diverged,
    retry,
    outcome: r.outcome,
    index,
    status: r.diverged ? 'diverged' : r.stopped ? 'stopped' : 'done',
    epochs: r.epochs,
    worker: r.worker,
  };
}
