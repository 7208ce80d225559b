import { tf } from '@dl/core';

// Tensors that fn hands back are its result, not a leak.
function isTensor(value: unknown): value is tf.Tensor {
  try {
    return value instanceof tf.Tensor; // duck-typed: reads .data, which some proxies reject
  } catch {
    return false;
  }
}

function countReturned(value: unknown, seen = new Set<number>(), depth = 0): number {
  if (isTensor(value)) {
    if (value.isDisposed || seen.has(value.id)) return 0;
    seen.add(value.id);
    return 1;
  }
  if (value === null || typeof value !== 'object' || depth > 4 || ArrayBuffer.isView(value)) return 0;
  // Containers and class instances (a module owns its variables); some objects, such as a
  // chai assertion, throw on property access: they hold no tensors.
  let children: unknown[];
  try {
    children = Array.isArray(value) ? value : Object.values(value);
  } catch {
    return 0;
  }
  let n = 0;
  for (const child of children) n += countReturned(child, seen, depth + 1);
  return n;
}

function check(before: number, result: unknown, where: string): void {
  const after = tf.memory().numTensors;
  const returned = countReturned(result);
  if (after - before !== returned) {
    throw new Error(
      `${where}: ${after - before - returned} tensor(s) leaked (tf.memory().numTensors went from ${before} to ${after}` +
        `${returned > 0 ? `, of which ${returned} returned` : ''})`,
    );
  }
}

/** A function under test threw or rejected: the leak check still ran, and passed. */
function rethrow(before: number, error: unknown, where: string): never {
  const after = tf.memory().numTensors;
  if (after !== before) {
    // The original message is left out on purpose: `rejects.toThrow('its text')` must not pass on a leak.
    const kind = error instanceof Error ? error.name : typeof error;
    throw new Error(`${where}: ${after - before} tensor(s) leaked by a call that threw (tf.memory().numTensors went from ${before} to ${after}); it threw a ${kind}, kept as this error's cause`, { cause: error });
  }
  throw error;
}

/**
 * Runs `fn` and throws unless `tf.memory().numTensors` grew by exactly the tensors `fn`
 * returns (a tensor, or tensors in an array or object). Works for synchronous and async
 * functions (then it returns a promise). When `fn` throws or rejects, the count must be back
 * where it started: then the original error is rethrown (so `expect(...).rejects.toThrow(...)`
 * checks both), otherwise an error naming the leak and the original error.
 */
export function expectNoLeak<T>(fn: () => Promise<T>, where?: string): Promise<T>;
export function expectNoLeak<T>(fn: () => T, where?: string): T;
export function expectNoLeak<T>(fn: () => T | Promise<T>, where = 'expectNoLeak'): T | Promise<T> {
  const before = tf.memory().numTensors;
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (e) {
    return rethrow(before, e, where);
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        check(before, value, where);
        return value;
      },
      (e: unknown) => rethrow(before, e, where),
    );
  }
  check(before, result, where);
  return result;
}
