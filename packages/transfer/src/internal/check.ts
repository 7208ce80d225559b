/** A value as it reads in an error message. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'function') return v.name ? `function ${v.name}` : 'a function';
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') return v.constructor?.name && v.constructor.name !== 'Object' ? `a ${v.constructor.name}` : 'an object';
  return String(v);
}

export function checkObject(where: string, name: string, v: unknown): void {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${where}: ${name} must be an object, got ${show(v)}`);
}

/** Rejects option names the function does not know (a typo would otherwise be ignored silently). */
export function checkKeys(where: string, options: object, allowed: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`${where}: unknown option '${k}' (allowed: ${allowed.join(', ')})`);
  }
}

export function checkInt(where: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${where}: ${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? 'Infinity' : max}], got ${show(v)}`);
  }
  return v;
}

export function checkPositive(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`${where}: ${name} must be a finite number > 0, got ${show(v)}`);
  return v;
}

export function checkNonNegative(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${where}: ${name} must be a finite number >= 0, got ${show(v)}`);
  return v;
}
