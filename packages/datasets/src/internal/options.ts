import type { PixelStats, Split } from '../types.js';

export interface ResolvedSubset {
  split: Split;
  /** `null` keeps every class. */
  classes: ReadonlySet<number> | null;
  /** `Infinity` keeps every sample. */
  limit: number;
}

const SUBSET_KEYS = ['split', 'classes', 'limit'] as const;

export const show = (value: unknown): string => {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  return Object.prototype.toString.call(value);
};

/** Rejects non-objects and unknown keys, so a typo such as `limt` does not pass silently. */
export function checkOptionKeys(
  name: string,
  options: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RangeError(`${name}: options must be an object, got ${show(options)}`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new RangeError(
        `${name}: unknown option '${key}' (expected one of ${allowed.join(', ')})`,
      );
    }
  }
  return record;
}

export function resolveSubset(
  name: string,
  options: Record<string, unknown>,
  numClasses: number,
): ResolvedSubset {
  const { split = 'train', classes, limit } = options;
  if (split !== 'train' && split !== 'test') {
    throw new RangeError(`${name}: split must be 'train' or 'test', got ${show(split)}`);
  }

  let classSet: Set<number> | null = null;
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.length === 0) {
      throw new RangeError(
        `${name}: classes must be a non-empty array of class ids, got ${show(classes)}`,
      );
    }
    classSet = new Set();
    for (const id of classes as unknown[]) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= numClasses) {
        throw new RangeError(
          `${name}: classes contains unknown class id ${show(id)} (valid ids are 0..${numClasses - 1})`,
        );
      }
      classSet.add(id);
    }
  }

  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit <= 0)
  ) {
    throw new RangeError(`${name}: limit must be a positive integer, got ${show(limit)}`);
  }

  return { split, classes: classSet, limit: limit ?? Infinity };
}

export const subsetKeys = (...extra: string[]): string[] => [...SUBSET_KEYS, ...extra];

/** Returns the stats to standardize with, or `null` for plain [0, 1] scaling. */
export function resolveNormalize(
  name: string,
  normalize: unknown,
  standard: PixelStats,
): PixelStats | null {
  if (normalize === undefined || normalize === false) return null;
  if (normalize === true) return standard;
  if (typeof normalize === 'object' && normalize !== null && !Array.isArray(normalize)) {
    const { mean, std } = normalize as Record<string, unknown>;
    if (typeof mean !== 'number' || !Number.isFinite(mean)) {
      throw new RangeError(`${name}: normalize.mean must be a finite number, got ${show(mean)}`);
    }
    if (typeof std !== 'number' || !Number.isFinite(std) || std <= 0) {
      throw new RangeError(`${name}: normalize.std must be a positive finite number, got ${show(std)}`);
    }
    return { mean, std };
  }
  throw new RangeError(
    `${name}: normalize must be false, true or { mean, std }, got ${show(normalize)}`,
  );
}
