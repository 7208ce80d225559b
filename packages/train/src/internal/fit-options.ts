// fit's options, checked and normalised before any tensor is made.
import type { Schedule } from '@dl/core';
import { checkFunction, checkInt, checkNumber, checkObject, checkOneOf, show } from './check.js';
import { isModule } from './model.js';
import type { FitOptions } from '../fit.js';
import type { Callback } from '../types.js';

export const FIT_KEYS = new Set([
  'model', 'optimizer', 'loss', 'schedule', 'data', 'validation', 'epochs', 'batchSize', 'augment', 'mix', 'classWeights', 'topK',
  'callbacks', 'rng', 'logEvery', 'stopOnNaN', 'dropLast', 'shuffle', 'resume', 'clipGradNorm', 'clipGradValue', 'accumulateSteps',
]);

export interface ClipNorm {
  maxNorm: number;
  normType: number | 'inf';
  errorIfNonfinite: boolean;
}

export interface FitPlan {
  epochs: number;
  batchSize: number;
  logEvery: number;
  topK: number | undefined;
  callbacks: Callback[];
  schedule: { schedule: Schedule; per: 'step' | 'epoch' } | undefined;
  classWeights: number[] | undefined;
  shuffle: boolean;
  dropLast: boolean;
  stopOnNaN: boolean;
  accumulateSteps: number;
  clipGradNorm: ClipNorm | undefined;
  clipGradValue: number | undefined;
}

function checkBoolean(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`fit: ${name} must be a boolean, got ${show(v)}`);
  return v;
}

function checkClipNorm(v: unknown): ClipNorm | undefined {
  if (v === undefined) return undefined;
  const fn = 'fit';
  if (typeof v === 'number') return { maxNorm: checkNumber(fn, 'clipGradNorm', v, (x) => x > 0, '> 0'), normType: 2, errorIfNonfinite: false };
  checkObject(fn, 'clipGradNorm', v);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['maxNorm', 'normType', 'errorIfNonfinite'].includes(k)) throw new TypeError(`fit: unknown option 'clipGradNorm.${k}' (allowed: maxNorm, normType, errorIfNonfinite)`);
  const maxNorm = checkNumber(fn, 'clipGradNorm.maxNorm', o.maxNorm, (x) => x > 0, '> 0');
  let normType: number | 'inf' = 2;
  if (o.normType !== undefined) {
    if (o.normType === 'inf' || o.normType === Infinity) normType = 'inf';
    else normType = checkNumber(fn, 'clipGradNorm.normType', o.normType, (x) => x > 0, "a number > 0, Infinity or 'inf'");
  }
  return { maxNorm, normType, errorIfNonfinite: checkBoolean('clipGradNorm.errorIfNonfinite', o.errorIfNonfinite, false) };
}

/** Every check of `fit`'s options that needs no data: throws before anything is made. */
export function checkFitOptions(options: FitOptions): FitPlan {
  const fn = 'fit';
  checkObject(fn, 'options', options);
  for (const k of Object.keys(options)) if (!FIT_KEYS.has(k)) throw new TypeError(`fit: unknown option '${k}'`);
  const { model, optimizer } = options;
  if (!isModule(model) && typeof model !== 'function') throw new TypeError(`fit: model must be a Module or a function, got ${show(model)}`);
  if (!optimizer || typeof optimizer.step !== 'function' || typeof optimizer.setSchedule !== 'function') {
    throw new TypeError(`fit: optimizer must be an Optimizer from @dl/optim, got ${show(optimizer)}`);
  }
  const epochs = checkInt(fn, 'epochs', options.epochs, 1);
  const batchSize = checkInt(fn, 'batchSize', options.batchSize, 1, 32);
  const logEvery = checkInt(fn, 'logEvery', options.logEvery, 1, 50);
  const topK = options.topK === undefined ? undefined : checkInt(fn, 'topK', options.topK, 1);
  if (options.loss !== undefined) checkFunction(fn, 'loss', options.loss);
  if (options.augment !== undefined) checkFunction(fn, 'augment', options.augment);
  if (options.mix !== undefined) checkFunction(fn, 'mix', options.mix);
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) throw new TypeError(`fit: callbacks must be an array, got ${show(options.callbacks)}`);
  const callbacks = [...(options.callbacks ?? [])];
  callbacks.forEach((cb, i) => checkObject(fn, `callbacks[${i}]`, cb));
  if (typeof options.validation === 'number' && !(options.validation > 0 && options.validation < 1)) {
    throw new RangeError(`fit: validation must be a fraction in (0, 1) or a dataset, got ${options.validation}`);
  }
  let schedule: FitPlan['schedule'];
  if (options.schedule !== undefined) {
    const s = options.schedule;
    if (typeof s === 'function') schedule = { schedule: s, per: 'step' };
    else {
      checkObject(fn, 'schedule', s);
      checkFunction(fn, 'schedule.schedule', s.schedule);
      schedule = { schedule: s.schedule, per: checkOneOf(fn, 'schedule.per', s.per, ['step', 'epoch'] as const, 'step') };
    }
  }
  const cw = options.classWeights;
  if (cw !== undefined && (!Array.isArray(cw) || cw.length === 0 || cw.some((w) => typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)))) {
    throw new RangeError(`fit: classWeights must be a non-empty array of finite numbers >= 0, got ${show(cw)}`);
  }
  const clipGradValue = options.clipGradValue === undefined ? undefined : checkNumber(fn, 'clipGradValue', options.clipGradValue, (x) => x > 0, '> 0');
  return {
    epochs,
    batchSize,
    logEvery,
    topK,
    callbacks,
    schedule,
    classWeights: cw === undefined ? undefined : [...cw],
    shuffle: checkBoolean('shuffle', options.shuffle, true),
    dropLast: checkBoolean('dropLast', options.dropLast, false),
    stopOnNaN: checkBoolean('stopOnNaN', options.stopOnNaN, true),
    accumulateSteps: checkInt(fn, 'accumulateSteps', options.accumulateSteps, 1, 1),
    clipGradNorm: checkClipNorm(options.clipGradNorm),
    clipGradValue,
  };
}
