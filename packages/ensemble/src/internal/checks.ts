// Option checks shared by the package: each throws before any tensor is made, naming the
// function, the option and what is allowed.

/** Formats a value for an error message: strings quoted, arrays and objects as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** An options object whose keys are all known. */
export function checkOptions<T extends object>(fn: string, value: T | undefined, keys: readonly string[]): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${fn}: options must be an object, got ${show(value)}`);
  for (const k of Object.keys(value)) {
    if (!keys.includes(k)) throw new TypeError(`${fn}: unknown option '${k}' (allowed: ${keys.join(', ')})`);
  }
  return value;
}

export function checkNumberIn(fn: string, name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${fn}: ${name} must be a number, got ${show(value)}`);
  if (!(value >= lo && value <= hi)) throw new RangeError(`${fn}: ${name} must be in [${lo}, ${hi}], got ${show(value)}`);
  return value;
}

export function checkInt(fn: string, name: string, value: unknown, min: number, fallback?: number): number {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`${fn}: ${name} must be an integer, got ${show(value)}`);
  if (v < min) throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${show(value)}`);
  return v;
}

export function checkOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new RangeError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`);
  }
  return v as T;
}

export function checkBoolean(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${show(value)}`);
  return v;
}
