import { tf } from '@dl/core';

/**
 * The one owner of a set of tensors: whatever is tracked here is freed by `dispose()`, which the
 * code that made the scope calls in a `finally`. Ownership can be handed on with `release`.
 * `fit` has one per run, one per epoch and one per batch.
 */
export class TensorScope {
  private readonly held = new Set<tf.Tensor>();

  /** Tracks every tensor in `value` (a tensor, or arrays and records of them) and returns it. */
  track<T>(value: T): T {
    if (value instanceof tf.Tensor) this.held.add(value);
    else if (Array.isArray(value)) for (const v of value) this.track(v);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) this.track(v);
    return value;
  }

  /** No longer owned here (the caller took it over). */
  release<T>(value: T): T {
    if (value instanceof tf.Tensor) this.held.delete(value);
    else if (Array.isArray(value)) for (const v of value) this.release(v);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) this.release(v);
    return value;
  }

  /** Frees a tracked tensor now. */
  free(t: tf.Tensor | undefined): void {
    if (t === undefined) return;
    this.held.delete(t);
    t.dispose();
  }

  dispose(): void {
    for (const t of this.held) if (!t.isDisposed) t.dispose();
    this.held.clear();
  }
}
