import { Rng, tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkTensor, show } from './internal/checks.js';

/** What `apply` takes besides the input. */
export interface ApplyOptions {
  /** Training-mode behaviour (dropout on, batch statistics); default: the module's `training` flag. */
  training?: boolean;
  /** Randomness for dropout and friends; default: the generator made from the layer's `seed`. */
  rng?: Rng;
}

/** A layer to put in `sequential`: a module, or a tensor function such as `relu`. */
export type Layer = Module | ((x: tf.Tensor) => tf.Tensor);

export interface LoadStateDictOptions {
  /** Throw on missing or unexpected names (default true); shapes must always match. */
  strict?: boolean;
}

/**
 * A layer or a network: named parameters (`tf.Variable`s, trainable), buffers (non-trainable
 * variables such as batch norm's running statistics) and named child modules, whose names
 * are joined with dots (`block1.conv1.kernel`), as PyTorch's `nn.Module`.
 */
export abstract class Module {
  /** Training mode (the default, as PyTorch): dropout drops, batch norm uses batch statistics. */
  training = true;
  readonly #params = new Map<string, tf.Variable>();
  readonly #buffers = new Map<string, tf.Variable>();
  readonly #children = new Map<string, Module>();
  /** Variables registered by `adoptParameter`/`adoptBuffer`: their owner frees them, not `dispose`. */
  readonly #adopted = new Set<tf.Variable>();

  /** @param kind the layer's name in error messages (`'conv2d'`). */
  constructor(readonly kind: string) {}

  /**
   * Registers a trainable variable made (inside `tf.tidy`) from `init()`. When `init` throws (a
   * user's initializer), the module's variables made so far are freed: a constructor that fails
   * leaves nothing behind, in every layer.
   */
  protected addParameter(name: string, init: () => tf.Tensor): tf.Variable {
    this.#checkName(name);
    let v: tf.Variable;
    try {
      v = tf.tidy(() => tf.variable(init(), true));
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.#params.set(name, v);
    return v;
  }

  /** Registers a non-trainable variable (a buffer, part of the state dict). */
  protected addBuffer(name: string, init: () => tf.Tensor): tf.Variable {
    this.#checkName(name);
    const v = tf.tidy(() => tf.variable(init(), false));
    this.#buffers.set(name, v);
    return v;
  }

  /**
   * Registers an existing variable as a parameter (e.g. a tfjs-layers `LayerVariable.read()`), so
   * optimizers, freezing and state dicts see it under this module's names. The module does not own
   * it: `dispose` leaves it to its owner (the tfjs-layers model), which frees it.
   */
  protected adoptParameter(name: string, v: tf.Variable): tf.Variable {
    this.#checkName(name);
    if (!(v instanceof tf.Variable)) throw new TypeError(`${this.kind}: parameter '${name}' must be a tf.Variable, got ${show(v)}`);
    this.#params.set(name, v);
    this.#adopted.add(v);
    return v;
  }

  /** The same for a buffer (a variable that is state but not trained, e.g. a moving mean). */
  protected adoptBuffer(name: string, v: tf.Variable): tf.Variable {
    this.#checkName(name);
    if (!(v instanceof tf.Variable)) throw new TypeError(`${this.kind}: buffer '${name}' must be a tf.Variable, got ${show(v)}`);
    this.#buffers.set(name, v);
    this.#adopted.add(v);
    return v;
  }

  /** Registers a child module under `name`. */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.#checkName(name);
    if (!(module instanceof Module)) throw new TypeError(`${this.kind}: child '${name}' must be a Module, got ${show(module)}`);
    this.#children.set(name, module);
    return module;
  }

  #checkName(name: string): void {
    if (name === '' || name.includes('.')) throw new TypeError(`${this.kind}: a name must be non-empty and have no dot, got ${show(name)}`);
    if (this.#params.has(name) || this.#buffers.has(name) || this.#children.has(name)) {
      throw new TypeError(`${this.kind}: '${name}' is already registered`);
    }
  }

  /** The computation; called inside `tf.tidy` by {@link Module.apply}. */
  protected abstract forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor;

  /**
   * Runs the module on `x`. Intermediate tensors are freed (also when it throws); buffers
   * (running statistics) are updated in place in training mode.
   */
  apply(x: tf.Tensor, options: ApplyOptions = {}): tf.Tensor {
    this.checkApplyArgs(x, options);
    return tf.tidy(() => this.forward(x, options));
  }

  /** What {@link Module.apply} checks before running: the input tensor and the options. */
  protected checkApplyArgs(x: unknown, options: unknown): asserts x is tf.Tensor {
    if (options === null || typeof options !== 'object') throw new TypeError(`${this.kind}: options must be an object, got ${show(options)}`);
    const { training, rng } = options as ApplyOptions;
    if (training !== undefined && typeof training !== 'boolean') {
      throw new TypeError(`${this.kind}: training must be a boolean, got ${show(training)}`);
    }
    if (rng !== undefined && !(rng instanceof Rng)) {
      throw new TypeError(`${this.kind}: rng must be an Rng from @dl/core, got ${show(rng)}`);
    }
    checkTensor(x, this.kind);
  }

  /** Whether this call runs in training mode. */
  protected isTraining(options: ApplyOptions): boolean {
    return options.training ?? this.training;
  }

  /** Sets training mode on this module and all its descendants (`nn.Module.train`). */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.#children.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** The direct children by name. */
  children(): Record<string, Module> {
    return Object.fromEntries(this.#children);
  }

  #collect(which: 'params' | 'buffers', prefix: string, out: Record<string, tf.Variable>): void {
    for (const [name, v] of which === 'params' ? this.#params : this.#buffers) out[prefix + name] = v;
    for (const [name, child] of this.#children) child.#collect(which, `${prefix}${name}.`, out);
  }

  /** Every trainable variable by dotted name (`named_parameters`); what @dl/optim optimises. */
  parameters(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    this.#collect('params', '', out);
    return out;
  }

  /** Every buffer by dotted name (`named_buffers`). */
  buffers(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    this.#collect('buffers', '', out);
    return out;
  }

  /**
   * Parameters and buffers by dotted name, as copies the caller owns (dispose them), so a
   * snapshot does not change as training goes on.
   */
  stateDict(): NamedTensors {
    const live = { ...this.parameters(), ...this.buffers() };
    return tf.tidy(() => Object.fromEntries(Object.entries(live).map(([k, v]) => [k, tf.clone(v)])));
  }

  /**
   * Assigns values by name (`load_state_dict`). Every name and shape is checked before any
   * variable changes; with `strict` (default) missing and unexpected names throw.
   */
  loadStateDict(state: NamedTensors, options: LoadStateDictOptions = {}): void {
    const { strict = true } = options;
    const live: Record<string, tf.Variable> = { ...this.parameters(), ...this.buffers() };
    if (state === null || typeof state !== 'object') throw new TypeError(`${this.kind}.loadStateDict: state must be a record of tensors, got ${show(state)}`);
    const missing = Object.keys(live).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in live));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      throw new RangeError(`${this.kind}.loadStateDict: missing names [${missing.join(', ')}], unexpected names [${unexpected.join(', ')}]`);
    }
    for (const [k, v] of Object.entries(live)) {
      const t = state[k];
      if (t === undefined) continue;
      if (!(t instanceof tf.Tensor)) throw new TypeError(`${this.kind}.loadStateDict: '${k}' must be a tensor, got ${show(t)}`);
      if (!tf.util.arraysEqual(t.shape, v.shape)) {
        throw new RangeError(`${this.kind}.loadStateDict: '${k}' expected shape [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
      }
    }
    for (const [k, v] of Object.entries(live)) {
      const t = state[k];
      if (t !== undefined) tf.tidy(() => v.assign(t.dtype === v.dtype ? t : tf.cast(t, v.dtype)));
    }
  }

  /** Frees every parameter and buffer of this module and its descendants (adopted variables stay with their owner). */
  dispose(): void {
    for (const v of this.#params.values()) if (!this.#adopted.has(v)) v.dispose();
    for (const v of this.#buffers.values()) if (!this.#adopted.has(v)) v.dispose();
    for (const child of this.#children.values()) child.dispose();
  }
}

/** A tensor function as a module (no parameters), so `sequential` can hold `relu`. */
export class Lambda extends Module {
  constructor(readonly fn: (x: tf.Tensor) => tf.Tensor, kind = fn.name || 'lambda') {
    super(kind);
    if (typeof fn !== 'function') throw new TypeError(`lambda: fn must be a function, got ${show(fn)}`);
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    return this.fn(x);
  }
}

/** A module, or a function wrapped in {@link Lambda}. */
export function toModule(layer: Layer, where: string): Module {
  if (layer instanceof Module) return layer;
  if (typeof layer === 'function') return new Lambda(layer);
  throw new TypeError(`${where}: a layer must be a Module or a function (x) => Tensor, got ${show(layer)}`);
}
