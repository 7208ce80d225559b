import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { Module } from '@dl/layers';
import type { ApplyOptions } from '@dl/layers';
import { checkBoolean, checkOptions, show } from './internal/checks.js';
import { allVariables, architectureDifference, checkModule } from './internal/modules.js';
import { getSwaAvgFn } from './get-swa-avg-fn.js';
import type { AvgFn, MultiAvgFn } from './get-swa-avg-fn.js';

export interface AveragedModelOptions {
  /**
   * The module that holds the average: a fresh module of `model`'s architecture, or a function
   * making one. PyTorch deep-copies `model`; a TF.js module cannot be copied generically, so the
   * caller builds the copy (its initial values are overwritten with `model`'s). Required.
   */
  copy: Module | (() => Module);
  /** Folds one tensor into the average; default the equal average (`getSwaAvgFn()`). */
  avgFn?: AvgFn;
  /** Folds all tensors at once; takes precedence over `avgFn`, as in PyTorch. */
  multiAvgFn?: MultiAvgFn;
  /**
   * Average the buffers (batch-norm running statistics) too; default false: buffers are copied
   * from the model at each update (then run `updateBn` on the average), as PyTorch's `use_buffers`.
   */
  useBuffers?: boolean;
}

const KEYS = ['copy', 'avgFn', 'multiAvgFn', 'useBuffers'] as const;

/**
 * A running average of a model's weights, kept in a module of the same architecture (`module`,
 * to predict with). PyTorch: `torch.optim.swa_utils.AveragedModel(model, avg_fn, multi_avg_fn,
 * use_buffers)`: the first `updateParameters` copies the weights, later ones apply `avgFn` with
 * the number averaged so far; buffers are copied unless `useBuffers`. Integer buffers
 * (`numBatchesTracked`) go through the same function in float32 and are truncated back, as
 * PyTorch's `copy_` into an integer tensor does.
 */
export class AveragedModel {
  /** The averaged module: predict with it (its `apply`, or `averaged.apply`). */
  readonly module: Module;
  readonly useBuffers: boolean;
  readonly #avgFn: AvgFn | undefined;
  readonly #multiAvgFn: MultiAvgFn | undefined;
  #n = 0;

  constructor(model: Module, options: AveragedModelOptions) {
    const fn = 'AveragedModel';
    checkModule(fn, 'model', model);
    const o = checkOptions(fn, options, KEYS);
    if (o.copy === undefined) {
      throw new TypeError(`${fn}: options.copy is required: a fresh module of the model's architecture, or a function making one (TF.js modules cannot be deep-copied as PyTorch does)`);
    }
    if (!(o.copy instanceof Module) && typeof o.copy !== 'function') throw new TypeError(`${fn}: copy must be a Module or a function returning one, got ${show(o.copy)}`);
    if (o.avgFn !== undefined && typeof o.avgFn !== 'function') throw new TypeError(`${fn}: avgFn must be a function (averaged, current, numAveraged) => Tensor, got ${show(o.avgFn)}`);
    if (o.multiAvgFn !== undefined && typeof o.multiAvgFn !== 'function') throw new TypeError(`${fn}: multiAvgFn must be a function, got ${show(o.multiAvgFn)}`);
    this.useBuffers = checkBoolean(fn, 'useBuffers', o.useBuffers, false);
    this.#avgFn = o.avgFn;
    this.#multiAvgFn = o.multiAvgFn;
    if (o.copy === model) throw new RangeError(`${fn}: copy must be a different module from model (it holds the average)`);
    const copy = o.copy instanceof Module ? o.copy : o.copy();
    if (!(copy instanceof Module)) throw new TypeError(`${fn}: copy() must return a Module, got ${show(copy)}`);
    const diff = architectureDifference(allVariables(model), allVariables(copy));
    if (diff !== undefined) {
      if (!(o.copy instanceof Module)) copy.dispose(); // ours: made by the factory
      throw new RangeError(`${fn}: copy is not of model's architecture: ${diff}`);
    }
    this.module = copy;
    // deepcopy: the average starts as the model's weights (and its training mode)
    const live = allVariables(model);
    for (const [k, v] of Object.entries(allVariables(copy))) v.assign(live[k]!);
    copy.train(model.training);
  }

  /** Models averaged so far (PyTorch's `n_averaged`). */
  get nAveraged(): number {
    return this.#n;
  }

  /** Runs the averaged module. */
  apply(x: tf.Tensor, options?: ApplyOptions): tf.Tensor {
    return this.module.apply(x, options);
  }

  /**
   * Folds `model`'s current weights into the average (`update_parameters`). All new values are
   * computed before any variable changes, so a throwing `avgFn` leaves the average as it was.
   */
  updateParameters(model: Module): void {
    const fn = 'AveragedModel.updateParameters';
    checkModule(fn, 'model', model);
    const diff = architectureDifference(allVariables(this.module), allVariables(model));
    if (diff !== undefined) throw new RangeError(`${fn}: model is not of the averaged architecture: ${diff}`);
    const pick = (m: Module) => (this.useBuffers ? allVariables(m) : m.parameters());
    const mine = pick(this.module);
    const theirs = pick(model);
    const names = Object.keys(mine);
    if (this.#n === 0) {
      for (const k of names) mine[k]!.assign(theirs[k]!);
    } else {
      const n = this.#n;
      const next = tf.tidy(() => {
        const a = names.map((k) => mine[k]! as tf.Tensor);
        const c = names.map((k) => theirs[k]! as tf.Tensor);
        let out: tf.Tensor[];
        if (this.#multiAvgFn) {
          out = this.#multiAvgFn(a, c, n);
          if (!Array.isArray(out) || out.length !== names.length) throw new TypeError(`${fn}: multiAvgFn must return an array of ${names.length} tensors, got ${show(out)}`);
        } else {
          const avg = this.#avgFn ?? getSwaAvgFn();
          out = names.map((_, i) => avg(a[i]!, c[i]!, n));
        }
        return out.map((t, i) => {
          const v = a[i]!;
          if (!(t instanceof tf.Tensor) || !tf.util.arraysEqual(t.shape, v.shape)) {
            throw new TypeError(`${fn}: the average of '${names[i]}' must be a tensor of shape [${v.shape.join(', ')}], got ${show(t instanceof tf.Tensor ? t.shape : t)}`);
          }
          // float → int32 truncates, as PyTorch's copy_ into num_batches_tracked
          return t.dtype === v.dtype ? t : tf.cast(t, v.dtype);
        });
      });
      names.forEach((k, i) => mine[k]!.assign(next[i]!));
      tf.dispose(next);
    }
    if (!this.useBuffers) {
      const live = model.buffers();
      for (const [k, v] of Object.entries(this.module.buffers())) v.assign(live[k]!);
    }
    this.#n++;
  }

  /**
   * PyTorch's `state_dict()` of an `AveragedModel`: `module.<name>` for every parameter and
   * buffer, and `nAveraged` (`n_averaged`), as copies the caller disposes.
   */
  stateDict(): NamedTensors {
    const inner = this.module.stateDict();
    const out: NamedTensors = {};
    for (const [k, t] of Object.entries(inner)) out[`module.${k}`] = t;
    out.nAveraged = tf.scalar(this.#n, 'int32');
    return out;
  }

  /**
   * Restores a `stateDict()` (every name and shape checked before anything changes). Async: the
   * count is read back from its tensor (WebGPU in Node has no synchronous readback).
   */
  async loadStateDict(state: NamedTensors): Promise<void> {
    const fn = 'AveragedModel.loadStateDict';
    if (state === null || typeof state !== 'object') throw new TypeError(`${fn}: state must be a record of tensors, got ${show(state)}`);
    const n = state.nAveraged;
    if (!(n instanceof tf.Tensor) || n.rank !== 0) throw new TypeError(`${fn}: state.nAveraged must be a scalar tensor, got ${show(n)}`);
    const inner: NamedTensors = {};
    for (const [k, t] of Object.entries(state)) {
      if (k === 'nAveraged') continue;
      if (!k.startsWith('module.')) throw new RangeError(`${fn}: unexpected name '${k}' (names are 'module.<name>' and 'nAveraged')`);
      inner[k.slice('module.'.length)] = t;
    }
    const count = (await n.data())[0]!;
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${fn}: state.nAveraged must be an integer >= 0, got ${count}`);
    this.module.loadStateDict(inner);
    this.#n = count;
  }

  /** Frees the averaged module's variables. */
  dispose(): void {
    this.module.dispose();
  }
}
