// Option checks: each throws before any tensor is made, naming the function and the option.
import type { ScalarOrSchedule } from '@dl/core';

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function checkNumber(where: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${show(v)}`);
  }
}

/** `lr >= 0` (PyTorch's check: 0 is a valid rate, e.g. the end of a cosine or a linear decay), or a schedule. */
export function checkLr(where: string, lr: unknown, name = 'lr'): asserts lr is ScalarOrSchedule {
  if (typeof lr === 'function') return;
  checkNumber(where, name, lr);
  if (!(lr >= 0)) throw new RangeError(`${where}: ${name} must be >= 0, got ${lr}`);
}

export function checkPositive(where: string, name: string, v: unknown): asserts v is number {
  checkNumber(where, name, v);
  if (!(v > 0)) throw new RangeError(`${where}: ${name} must be > 0, got ${v}`);
}

export function checkNonNegative(where: string, name: string, v: unknown): asserts v is number {
  checkNumber(where, name, v);
  if (!(v >= 0)) throw new RangeError(`${where}: ${name} must be >= 0, got ${v}`);
}

/** In [0, 1). */
export function checkUnit(where: string, name: string, v: unknown): asserts v is number {
  checkNumber(where, name, v);
  if (!(v >= 0 && v < 1)) throw new RangeError(`${where}: ${name} must be in [0, 1), got ${v}`);
}

/** In [0, 1]. */
export function checkClosedUnit(where: string, name: string, v: unknown): asserts v is number {
  checkNumber(where, name, v);
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${where}: ${name} must be in [0, 1], got ${v}`);
}

export function checkBoolean(where: string, name: string, v: unknown): asserts v is boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${where}: ${name} must be a boolean, got ${show(v)}`);
}

export function checkBetas(where: string, betas: unknown): asserts betas is readonly [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new TypeError(`${where}: betas must be a pair [beta1, beta2], got ${show(betas)}`);
  }
  checkUnit(where, 'beta1', betas[0]);
  checkUnit(where, 'beta2', betas[1]);
}

/** Unknown option names are almost always typos of PyTorch's names; say so. */
export function checkKeys(where: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`${where}: unknown option ${JSON.stringify(k)} (allowed: ${allowed.join(', ')})`);
    }
  }
}
