import { describe, beforeAll } from 'vitest';
import { currentBackend, useBackend, tf } from '@dl/core';
import type { BackendName } from '@dl/core';

let detected: BackendName[] | undefined;

/**
 * Tries each candidate backend and remembers those that start, for {@link describeBackends}.
 * With `strict`, a candidate that fails throws (CI uses it so a runtime cannot silently drop out).
 */
export async function detectBackends(candidates: readonly BackendName[], options: { strict?: boolean } = {}): Promise<BackendName[]> {
  const ok: BackendName[] = [];
  for (const name of candidates) {
    try {
      await useBackend(name);
      // A kernel round trip: some backends register but fail on first use.
      const t = tf.add(tf.scalar(1), tf.scalar(2));
      const v = (await t.data())[0];
      t.dispose();
      if (v !== 3) throw new Error(`1 + 2 gave ${v}`);
      ok.push(name);
    } catch (error) {
      if (options.strict) throw new Error(`detectBackends: backend '${name}' is not available: ${(error as Error).message}`, { cause: error });
      console.warn(`[@dl/core/testing] skipping backend '${name}': ${(error as Error).message}`);
    }
  }
  detected = ok;
  // Tests outside describeBackends run on the first backend found.
  if (ok.length > 0 && currentBackend() !== ok[0]) await useBackend(ok[0]!);
  return ok;
}

/** Sets the backends {@link describeBackends} uses without probing them (a global setup probed them once). */
export function setTestBackends(backends: readonly BackendName[]): void {
  detected = [...backends];
}

/** The backends a suite runs on: those found by {@link detectBackends} or set, else `cpu`. */
export function testBackends(): BackendName[] {
  return detected ?? ['cpu'];
}

/**
 * Declares the suite `fn` once per backend, named `name [backend]`, switching to that
 * backend before its tests run.
 */
export function describeBackends(name: string, fn: (backend: BackendName) => void, backends: readonly BackendName[] = testBackends()): void {
  for (const backend of backends) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        if (currentBackend() !== backend) await useBackend(backend);
      });
      fn(backend);
    });
  }
}
