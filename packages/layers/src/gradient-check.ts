import { tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkFinite, checkOptions, show } from './internal/checks.js';

export interface GradientCheckOptions {
  /** Finite-difference step relative to each value: `h = epsilon · max(1, |x|)` (default 1e-2, for float32). */
  epsilon?: number;
  /** Seed of the fixed random projection that turns a non-scalar output into a scalar. */
  seed?: SeedLike;
}

export interface GradientCheckInputReport {
  /** Worst `|analytic − numeric|` over the input's elements, divided by the input's gradient scale. */
  relativeError: number;
  /** Worst `|analytic − numeric|`. */
  absoluteError: number;
  /** The gradient scale: the largest `|analytic|` or `|numeric|` of the input's elements. */
  scale: number;
  /** Flat index of the worst element, and its two values. */
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradientCheckResult {
  /** The worst relative error over all inputs. */
  maxRelativeError: number;
  /** The input where it occurs. */
  worstInput: string;
  inputs: Record<string, GradientCheckInputReport>;
}

/**
 * Compares autodiff gradients of `fn` with central finite differences
 * `(f(x + h) − f(x − h)) / 2h`, element by element. `fn` gets the inputs (a record or an
 * array of tensors) and returns a tensor; a non-scalar output `y` is checked through the
 * scalar `Σ y · r` with a fixed random `r` ~ U(−1, 1). Inputs that are `tf.Variable`s (a
 * module's `parameters()`) are perturbed in place and restored, so `fn` may ignore them and
 * call the module; other tensors are copied into temporary variables that `fn` receives.
 *
 * The relative error of an input is `max_i |aᵢ − nᵢ| / max_i max(|aᵢ|, |nᵢ|)`: the worst
 * deviation measured against that input's gradient scale, which stays meaningful where single
 * components are near zero (relu's dead units) and is scale-invariant. Computed in float32,
 * with h = 1e-2 · max(1, |x|), smooth layers give about 1e-5 to 1e-4; keep inputs away from
 * kinks (relu at 0, ties in a max) by more than h.
 */
export async function gradientCheck<T extends tf.Tensor[] | Record<string, tf.Tensor>>(
  fn: (inputs: T) => tf.Tensor,
  inputs: T,
  options: GradientCheckOptions = {},
): Promise<GradientCheckResult> {
  const where = 'gradientCheck';
  if (typeof fn !== 'function') throw new TypeError(`${where}: fn must be a function, got ${show(fn)}`);
  checkOptions(options, where);
  const epsilon = options.epsilon ?? 1e-2;
  checkFinite(epsilon, 'epsilon', where);
  if (!(epsilon > 0)) throw new RangeError(`${where}: epsilon must be > 0, got ${epsilon}`);
  if (inputs === null || typeof inputs !== 'object') throw new TypeError(`${where}: inputs must be an array or a record of tensors, got ${show(inputs)}`);
  const names = Object.keys(inputs);
  if (names.length === 0) throw new RangeError(`${where}: inputs must hold at least one tensor`);
  for (const k of names) {
    const t = (inputs as Record<string, unknown>)[k];
    if (!(t instanceof tf.Tensor) || t.dtype !== 'float32') throw new TypeError(`${where}: input '${k}' must be a float32 tensor, got ${show(t)}`);
  }
  const rng = toRng(options.seed ?? 0, where);
  const temps: tf.Variable[] = [];
  const vars: Record<string, tf.Variable> = {};
  for (const k of names) {
    const t = (inputs as Record<string, tf.Tensor>)[k]!;
    if (t instanceof tf.Variable) vars[k] = t;
    else {
      const v = tf.tidy(() => tf.variable(tf.clone(t), true));
      temps.push(v);
      vars[k] = v;
    }
  }
  const passed = (Array.isArray(inputs) ? names.map((k) => vars[k]) : { ...vars }) as unknown as T;
  let projection: tf.Tensor | undefined;
  const scalar = (): tf.Scalar =>
    tf.tidy(() => {
      const y = fn(passed);
      if (!(y instanceof tf.Tensor)) throw new TypeError(`${where}: fn must return a tensor, got ${show(y)}`);
      if (y.rank === 0) return y as tf.Scalar;
      if (projection === undefined) projection = tf.keep(tf.randomUniform(y.shape, -1, 1, 'float32', rng.seed()));
      return tf.sum(tf.mul(y, projection));
    });
  const originals: Record<string, tf.Tensor> = {};
  try {
    tf.tidy(() => void scalar()); // fixes the projection's shape before taping
    const { grads, value } = tf.variableGrads(scalar, names.map((k) => vars[k]!));
    value.dispose();
    const analytic: Record<string, Float32Array> = {};
    for (const k of names) {
      const g = grads[vars[k]!.name];
      analytic[k] = g ? ((await g.data()) as Float32Array) : new Float32Array(vars[k]!.size);
    }
    tf.dispose(Object.values(grads));
    const reports: Record<string, GradientCheckInputReport> = {};
    for (const k of names) {
      const v = vars[k]!;
      originals[k] = tf.clone(v);
      const base = (await v.data()) as Float32Array;
      const a = analytic[k]!;
      const numeric = new Float32Array(v.size);
      const buf = Float32Array.from(base);
      const evalAt = async (value: number, i: number): Promise<number> => {
        buf[i] = value;
        tf.tidy(() => v.assign(tf.tensor(buf, v.shape, 'float32')));
        const s = scalar();
        const out = (await s.data())[0]!;
        s.dispose();
        return out;
      };
      for (let i = 0; i < v.size; i++) {
        const x = base[i]!;
        const h = epsilon * Math.max(1, Math.abs(x));
        const xp = Math.fround(x + h);
        const xm = Math.fround(x - h);
        const fp = await evalAt(xp, i);
        const fm = await evalAt(xm, i);
        buf[i] = x;
        numeric[i] = (fp - fm) / (xp - xm);
      }
      v.assign(originals[k]!);
      let scale = 0;
      let worst = 0;
      let index = 0;
      for (let i = 0; i < v.size; i++) {
        scale = Math.max(scale, Math.abs(a[i]!), Math.abs(numeric[i]!));
        const d = Math.abs(a[i]! - numeric[i]!);
        if (d > worst || Number.isNaN(d)) {
          worst = d;
          index = i;
        }
      }
      reports[k] = { relativeError: scale > 0 ? worst / scale : worst, absoluteError: worst, scale, index, analytic: a[index]!, numeric: numeric[index]! };
    }
    let worstInput = names[0]!;
    for (const k of names) if (!(reports[k]!.relativeError <= reports[worstInput]!.relativeError)) worstInput = k;
    return { maxRelativeError: reports[worstInput]!.relativeError, worstInput, inputs: reports };
  } finally {
    for (const [k, t] of Object.entries(originals)) {
      if (!vars[k]!.isDisposed) vars[k]!.assign(t);
      t.dispose();
    }
    for (const v of temps) v.dispose();
    projection?.dispose();
  }
}
