import type { GradientTransformation, StateValue } from './types.js';

export interface InjectedState<O> {
  /** The options the inner transformation is built from; change them with `setHyperparams`. */
  readonly hyperparams: O;
  readonly inner: StateValue;
  /** Updates applied: the step at which a schedule among the hyperparameters is evaluated. */
  readonly count: number;
}

export interface InjectedTransformation<O extends object> extends GradientTransformation<InjectedState<O>> {
  /** The options it was made with. */
  readonly options: Readonly<O>;
  readonly factory: (options: O) => GradientTransformation<any>;
  /** The same transformation with some options replaced (param groups use this). */
  configure(overrides: Partial<O>): InjectedTransformation<O>;
}

const defined = <O extends object>(o: O): O =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as O;

/**
 * Moves a transformation's options into its state (Optax's `inject_hyperparams`), so they can
 * change mid-run: lr, betas, weight decay. `injectHyperparams(factory)(options)` builds the
 * inner transformation from the state's options at every update. Every optimizer of this
 * package is made this way. Options must not change the state's structure (e.g. momentum
 * from 0 to 0.9, or `amsgrad`).
 */
export function injectHyperparams<O extends object>(
  factory: (options: O) => GradientTransformation<any>,
): (options: O) => InjectedTransformation<O> {
  const make = (options: O): InjectedTransformation<O> => {
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
      throw new TypeError(`injectHyperparams: options must be an object, got ${String(options)}`);
    }
    const opts = defined(options ?? ({} as O));
    const first = factory(opts); // validates, before any tensor is made
    const cache = new WeakMap<object, GradientTransformation<any>>([[opts, first]]);
    const build = (hp: O): GradientTransformation<any> => {
      let t = cache.get(hp);
      if (t === undefined) cache.set(hp, (t = factory(hp)));
      return t;
    };
    return {
      options: opts,
      factory,
      configure: (overrides) => make({ ...opts, ...defined(overrides) }),
      init: (params) => ({ hyperparams: opts, inner: first.init(params) as StateValue, count: 0 }),
      update(grads, state, params) {
        const r = build(state.hyperparams).update(grads, state.inner, params);
        return { updates: r.updates, state: { hyperparams: state.hyperparams, inner: r.state as StateValue, count: state.count + 1 } };
      },
    };
  };
  return make;
}

/**
 * A new state with some hyperparameters replaced, checked by the transformation's factory
 * first (so a bad value throws before anything changes). Booleans cannot change mid-run.
 */
export function setHyperparams<O extends object>(
  transform: InjectedTransformation<O>,
  state: InjectedState<O>,
  values: Partial<O>,
): InjectedState<O> {
  for (const [k, v] of Object.entries(values)) {
    const old = (state.hyperparams as Record<string, unknown>)[k];
    if (typeof v === 'boolean' || typeof old === 'boolean') {
      throw new TypeError(`setHyperparams: ${k} changes the state's structure and cannot change mid-run`);
    }
    if (k === 'momentum' && ((typeof old === 'number' && old > 0) !== (typeof v === 'number' && v > 0))) {
      throw new RangeError(`setHyperparams: momentum cannot change between 0 and non-zero mid-run, got ${String(old)} -> ${String(v)}`);
    }
  }
  const hyperparams = defined({ ...state.hyperparams, ...values });
  transform.factory(hyperparams);
  return { hyperparams, inner: state.inner, count: state.count };
}

export function isInjected(t: GradientTransformation<any>): t is InjectedTransformation<any> {
  return typeof (t as Partial<InjectedTransformation<any>>).configure === 'function' && 'factory' in t;
}
