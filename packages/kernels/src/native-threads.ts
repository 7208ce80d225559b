import { backend } from '@tensorflow/tfjs-core';
import { nativeThreads, startNativeThreads as start, stopNativeThreads as stop } from './internal/native.js';

/**
 * Runs this package's native loops (see {@link hasNativeKernels}) on `threads` threads of the
 * current wasm backend: the calling thread and `threads - 1` workers over the same shared heap
 * (tfjs's threaded build: Node, or a cross-origin-isolated page). Each loop is split into
 * disjoint ranges (images, channels, elements) whose results equal a single-threaded run bit for
 * bit. `useBackend('wasm')` from @dl/core calls it with the backend's own thread count. Resolves
 * to the thread count the loops run on: 1 where workers cannot be had (no shared heap, no
 * `Worker`, or a backend other than wasm).
 */
export function startNativeThreads(threads: number): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1) {
    return Promise.reject(new RangeError(`startNativeThreads: threads must be an integer >= 1, got ${String(threads)}`));
  }
  return start(backend(), threads);
}

/** The threads the native loops of the current backend run on (1 without workers). */
export function nativeThreadCount(): number {
  return nativeThreads(backend());
}

/** Stops the native loops' workers of the current backend; the loops run on the calling thread after. */
export function stopNativeThreads(): void {
  stop(backend());
}
