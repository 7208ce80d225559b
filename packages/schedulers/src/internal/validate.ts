// Option checks shared by every schedule: they throw before anything is built, naming the
// function, the option and the allowed range.

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

function number(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${fn}: ${name} must be a number, got ${show(value)}`);
  }
  return value;
}

/** A finite number > 0. */
export function positive(fn: string, name: string, value: unknown): number {
  const v = number(fn, name, value);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  return v;
}

/** A finite number >= 0. */
export function nonNegative(fn: string, name: string, value: unknown): number {
  const v = number(fn, name, value);
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${show(value)}`);
  return v;
}

/** An integer >= min. */
export function integer(fn: string, name: string, value: unknown, min: number): number {
  const v = number(fn, name, value);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${show(value)}`);
  return v;
}

/** A number in an interval; `open` says which ends are excluded. */
export function inRange(fn: string, name: string, value: unknown, lo: number, hi: number, open: '()' | '(]' | '[)' | '[]'): number {
  const v = number(fn, name, value);
  const okLo = open[0] === '(' ? v > lo : v >= lo;
  const okHi = open[1] === ')' ? v < hi : v <= hi;
  if (!okLo || !okHi) throw new RangeError(`${fn}: ${name} must be in ${open[0]}${lo}, ${hi}${open[1]}, got ${show(value)}`);
  return v;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/** Strictly increasing integers >= min. */
export function increasingIntegers(fn: string, name: string, value: unknown, min: number): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${name} must be an array of integers, got ${show(value)}`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new RangeError(`${fn}: ${name}[${i}] must be an integer >= ${min}, got ${show(v)}`);
    }
    if (i > 0 && !(v > (value[i - 1] as number))) {
      throw new RangeError(`${fn}: ${name} must be strictly increasing, got ${show(value)}`);
    }
  });
  return value.slice() as number[];
}

export function options<T extends object>(fn: string, value: T | undefined): T {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new TypeError(`${fn}: expected an options object, got ${show(value)}`);
  }
  return value;
}

/**
 * The step a schedule is evaluated at: a non-negative integer (the number of scheduler steps),
 * or, where the schedule allows it, a non-negative fraction.
 */
export function checkStep(fn: string, step: unknown, fractional = false): number {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0 || (!fractional && !Number.isInteger(step))) {
    const what = fractional ? 'a finite number >= 0' : 'an integer >= 0';
    throw new RangeError(`${fn}: step must be ${what}, got ${show(step)}`);
  }
  return step;
}
