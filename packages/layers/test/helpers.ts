// Shared by the tests: fixture tensors, tolerances per backend, gradients of Σ y · upstream.
import { tf } from '@dl/core';
import type { ApplyOptions, Module } from '../src/index.js';

/**
 * Fixtures are float64 PyTorch values; our float32 results meet 1e-5 relative, with a 1e-5
 * absolute floor for entries that are sums of cancelling terms near zero. Measured on every
 * backend we test: cpu, wasm, WebGPU (Dawn and Chromium) and WebGL, the last two on
 * SwiftShader, whose float32 arithmetic is IEEE. A hardware GPU's shaders may use faster,
 * less exact exp/log/rsqrt: the one place to loosen for it is here.
 */
export function tol(_backend: string): { rtol: number; atol: number } {
  return { rtol: 1e-5, atol: 1e-5 };
}

export const T = (values: unknown): tf.Tensor => tf.tensor(values as number[]);

/** `y = module.apply(x)` and the gradients of `Σ y · upstream` for x and every parameter. */
export function forwardBackward(module: Module, x: tf.Tensor, upstream: tf.Tensor, options: ApplyOptions = {}) {
  return tf.tidy(() => {
    const xv = tf.variable(x.clone(), true);
    const params = module.parameters();
    let y: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      y = tf.keep(module.apply(xv, options));
      return tf.sum(tf.mul(y, upstream)) as tf.Scalar;
    }, [xv, ...Object.values(params)]);
    value.dispose();
    const named: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(params)) named[k] = grads[v.name]!;
    const gx = grads[xv.name]!;
    xv.dispose();
    return { y: y!, gx, grads: named };
  });
}

/** Assigns parameters by name (a partial state dict). */
export function setParams(module: Module, values: Record<string, unknown>): void {
  const state = tf.tidy(() => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, T(v)])));
  module.loadStateDict(state, { strict: false });
  tf.dispose(Object.values(state));
}

/** Distinct values spaced `gap` apart in a random order: no ties for a max, no relu kinks within `gap / 2`. */
export function spaced(shape: number[], gap = 0.1, seed = 1, offset = 0.05): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => (i - n / 2) * gap + offset);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [vals[i], vals[j]] = [vals[j]!, vals[i]!];
  }
  return tf.tensor(vals, shape);
}

/** `fn` throws a message matching `match` and leaves no tensor behind. */
export function expectThrowNoLeak(fn: () => unknown, match: string | RegExp, type: new (...args: never[]) => Error = RangeError): void {
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
  if (typeof match === 'string' ? !error.message.includes(match) : !match.test(error.message)) {
    throw new Error(`expected the message to match ${String(match)}, got: ${error.message}`);
  }
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${after - before} tensor(s) leaked after the error`);
}
