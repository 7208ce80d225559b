import { toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';

/** Formats a value for an error message: strings quoted, arrays and objects as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A shape: an array of non-negative integers. */
export function checkShape(shape: unknown, where: string): asserts shape is number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new TypeError(`${where}: shape must be an array of non-negative integers, got ${show(shape)}`);
  }
}

/** What fan-based initialisers need: at least two dimensions, none of them zero. */
export function checkFanShape(shape: unknown, where: string): asserts shape is number[] {
  checkShape(shape, where);
  if (shape.length < 2) {
    throw new RangeError(`${where}: shape must have at least 2 dimensions (fans need an input and an output axis), got ${show(shape)}`);
  }
  if (shape.includes(0)) {
    throw new RangeError(`${where}: shape must have no zero-size dimension (the fans would be 0), got ${show(shape)}`);
  }
}

export function checkFinite(value: unknown, name: string, where: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${show(value)}`);
  }
}

export function checkNonNegative(value: unknown, name: string, where: string): asserts value is number {
  checkFinite(value, name, where);
  if (value < 0) throw new RangeError(`${where}: ${name} must be >= 0, got ${show(value)}`);
}

/** Random initialisers make float32 tensors only (PyTorch's normal_/uniform_ refuse integer tensors too). */
export function checkFloatDtype(dtype: unknown, where: string): 'float32' {
  if (dtype === undefined || dtype === 'float32') return 'float32';
  throw new TypeError(`${where}: dtype must be 'float32', got ${show(dtype)}`);
}

export function checkDtype(dtype: unknown, where: string): 'float32' | 'int32' {
  if (dtype === undefined || dtype === 'float32' || dtype === 'int32') return dtype ?? 'float32';
  throw new TypeError(`${where}: dtype must be 'float32' or 'int32', got ${show(dtype)}`);
}

export function checkOptions(options: unknown, where: string): void {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
  }
}

export function rngOf(seed: SeedLike | undefined, where: string): Rng {
  return toRng(seed, where);
}
