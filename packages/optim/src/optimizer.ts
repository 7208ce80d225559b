import { tf } from '@dl/core';
import type { NamedTensors, ScalarOrSchedule } from '@dl/core';
import { checkLr, checkNonNegative } from './internal/check.js';
import { checkMatching } from './internal/names.js';
import { checkSerialized, collectTensors, deserializeState, disposeReplaced, serializeState } from './internal/tree.js';
import type { JsonValue } from './internal/tree.js';
import { isInjected, setHyperparams } from './inject-hyperparams.js';
import type { InjectedState, InjectedTransformation } from './inject-hyperparams.js';
import { partition } from './partition.js';
import { setToZero } from './set-to-zero.js';
import type { GradientTransformation, StateValue } from './types.js';

export interface ParamGroup {
  /** The parameter names in this group, or a predicate on the name. */
  params: readonly string[] | ((name: string) => boolean);
  /** Group name for `setLearningRate(lr, group)`; default `group<i>` (the rest is `default`). */
  name?: string;
  /** This group's learning rate (needs an optimizer made by this package, or `injectHyperparams`). */
  lr?: ScalarOrSchedule;
  /** This group's weight decay (same requirement). */
  weightDecay?: number;
  /** Never updated (no state either); gradients for it may be left out of `step`. */
  frozen?: boolean;
}

/** What to do when a gradient holds NaN or ±Infinity. */
export type NonFinitePolicy = 'none' | 'skip' | 'throw';

export interface OptimizerOptions {
  /** Param groups, PyTorch's `param_groups`; parameters in none of them form the group `default`. */
  groups?: readonly ParamGroup[];
  /**
   * `'none'` (default, PyTorch's behaviour): no check. `'skip'`: a step whose gradients are not
   * all finite changes nothing and is counted in `skippedSteps`. `'throw'`: it throws a
   * `NonFiniteGradientError` and changes nothing. Both read one flag back from the device.
   */
  nonFinite?: NonFinitePolicy;
}

/** Everything needed to resume: JSON (with `{"$tensor": key}` references) and the tensors. */
export interface OptimizerStateDict {
  format: 'dl-optim';
  version: 1;
  state: JsonValue;
  steps: number;
  skippedSteps: number;
  tensors: NamedTensors;
}

export class NonFiniteGradientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteGradientError';
  }
}

const POLICIES: readonly NonFinitePolicy[] = ['none', 'skip', 'throw'];

interface Group {
  name: string;
  names: string[];
  transform: GradientTransformation<any>;
  frozen: boolean;
}

/**
 * The stateful side: a gradient transformation applied to `tf.Variable`s, with PyTorch's
 * param groups, a learning rate that can change mid-run, and a state dict to resume from.
 */
export class Optimizer {
  readonly variables: Readonly<Record<string, tf.Variable>>;
  private readonly transform: GradientTransformation<any>;
  private readonly groups: Group[];
  private readonly grouped: boolean;
  private readonly policy: NonFinitePolicy;
  private readonly byVariableName = new Map<string, string>();
  private state_: StateValue | undefined;
  private steps_ = 0;
  private skipped_ = 0;

  constructor(
    transform: GradientTransformation<any>,
    variables: Readonly<Record<string, tf.Variable>> | readonly tf.Variable[],
    options: OptimizerOptions = {},
  ) {
    if (transform === null || typeof transform !== 'object' || typeof transform.update !== 'function') {
      throw new TypeError('Optimizer: the first argument must be a gradient transformation (e.g. adam())');
    }
    const vars: Record<string, tf.Variable> = {};
    if (Array.isArray(variables)) {
      for (const v of variables as readonly tf.Variable[]) {
        if (!(v instanceof tf.Variable)) throw new TypeError('Optimizer: variables must be tf.Variables');
        if (v.name in vars) throw new RangeError(`Optimizer: two variables are named ${JSON.stringify(v.name)}`);
        vars[v.name] = v;
      }
    } else if (variables !== null && typeof variables === 'object') {
      for (const [n, v] of Object.entries(variables as Record<string, tf.Variable>)) {
        if (!(v instanceof tf.Variable)) throw new TypeError(`Optimizer: ${JSON.stringify(n)} is not a tf.Variable`);
        vars[n] = v;
      }
    } else {
      throw new TypeError('Optimizer: variables must be a record or an array of tf.Variables');
    }
    const policy = options.nonFinite ?? 'none';
    if (!POLICIES.includes(policy)) {
      throw new RangeError(`Optimizer: nonFinite must be one of ${POLICIES.join(', ')}, got ${String(policy)}`);
    }
    this.variables = vars;
    this.policy = policy;
    for (const [n, v] of Object.entries(vars)) this.byVariableName.set(v.name, n);
    this.groups = makeGroups(transform, Object.keys(vars), options.groups ?? []);
    this.grouped = this.groups.length > 1 || this.groups[0]!.name !== 'default';
    this.transform = this.grouped
      ? partition(Object.fromEntries(this.groups.map((g) => [g.name, g.transform])), labelsOf(this.groups))
      : transform;
    // Validation above made no tensor; now the state.
    this.state_ = tf.tidy(() => this.transform.init(this.params()) as tf.TensorContainer) as StateValue;
  }

  /** The transformation's current state (read-only; replaced at every step). */
  get state(): StateValue {
    return this.live();
  }

  /** Steps applied so far. */
  get steps(): number {
    return this.steps_;
  }

  /** Steps skipped for non-finite gradients (policy `'skip'`). */
  get skippedSteps(): number {
    return this.skipped_;
  }

  /** Group names, `default` first when some parameters are in no group. */
  get groupNames(): string[] {
    return this.groups.map((g) => g.name);
  }

  /**
   * One update from gradients named like the variables (frozen ones may be left out).
   * Resolves to true when applied, false when skipped for non-finite gradients.
   */
  async step(grads: NamedTensors): Promise<boolean> {
    const full = this.checkGrads(grads);
    if (this.policy !== 'none') {
      const flag = tf.tidy(() => {
        const list = Object.values(grads).map((g) => tf.all(tf.isFinite(g)));
        return list.length === 0 ? tf.scalar(true, 'bool') : tf.all(tf.stack(list));
      });
      const finite = (await flag.data())[0] === 1;
      flag.dispose();
      if (!finite) {
        if (this.policy === 'throw') {
          throw new NonFiniteGradientError(`Optimizer.step: non-finite gradient at step ${this.steps_ + 1}; parameters unchanged`);
        }
        this.skipped_++;
        return false;
      }
    }
    this.applyChecked(full, grads);
    return true;
  }

  /** Computes the gradients of `lossFn` with respect to the non-frozen variables, steps, returns the loss. */
  async minimize(lossFn: () => tf.Scalar): Promise<tf.Scalar> {
    this.live();
    const varList = this.trainable().map((n) => this.variables[n]!);
    const { value, grads } = tf.variableGrads(lossFn, varList);
    try {
      await this.step(this.rename(grads));
    } catch (e) {
      value.dispose();
      throw e;
    } finally {
      tf.dispose(grads);
    }
    return value;
  }

  /** Replaces the learning rate of one group, or of all. A schedule is evaluated at the step count. */
  setLearningRate(lr: ScalarOrSchedule, group?: string): void {
    checkLr('Optimizer.setLearningRate', lr);
    this.setHyperparams({ lr }, group);
  }

  /** The learning rate of a group (the first non-frozen group's when none is named). */
  getLearningRate(group?: string): ScalarOrSchedule {
    const g = this.group(group ?? this.groups.find((x) => !x.frozen)?.name ?? 'default', 'getLearningRate');
    const lr = (this.groupState(g, 'getLearningRate').hyperparams as { lr?: ScalarOrSchedule }).lr;
    if (lr === undefined) throw new TypeError(`Optimizer.getLearningRate: group ${JSON.stringify(g.name)} does not record an lr`);
    return lr;
  }

  /** Replaces hyperparameters (lr, betas, weightDecay, eps, momentum, ...) of one group or all. */
  setHyperparams(values: Record<string, unknown>, group?: string): void {
    const targets = group === undefined ? this.groups.filter((g) => !g.frozen) : [this.group(group, 'setHyperparams')];
    if ('weightDecay' in values) checkNonNegative('Optimizer.setHyperparams', 'weightDecay', values.weightDecay);
    const replaced = targets.map((g) => {
      const s = this.groupState(g, 'setHyperparams');
      return [g, setHyperparams(g.transform as InjectedTransformation<any>, s, values)] as const;
    });
    // all checked; now swap
    for (const [g, s] of replaced) this.setGroupState(g, s);
  }

  /** The state as JSON plus tensors (the tensors are the live ones: save them before the next step). */
  stateDict(): OptimizerStateDict {
    const tensors: NamedTensors = {};
    const state = serializeState(this.live(), tensors, 'state');
    return { format: 'dl-optim', version: 1, state, steps: this.steps_, skippedSteps: this.skipped_, tensors };
  }

  /** Restores a `stateDict()` (tensors are copied); checked completely before anything changes. */
  loadStateDict(dict: OptimizerStateDict): void {
    const current = this.live();
    if (dict === null || typeof dict !== 'object' || dict.format !== 'dl-optim' || dict.version !== 1) {
      throw new TypeError('Optimizer.loadStateDict: not a state dict from Optimizer.stateDict() (format dl-optim, version 1)');
    }
    checkSerialized(dict.state, current, dict.tensors, '');
    const next = tf.tidy(() => deserializeState(dict.state, current, dict.tensors) as tf.TensorContainer) as StateValue;
    disposeReplaced(current, next);
    this.state_ = next;
    this.steps_ = dict.steps;
    this.skipped_ = dict.skippedSteps;
  }

  /**
   * A `tf.Optimizer` for tfjs-layers' `model.compile({optimizer})` over these variables
   * (create it from `model.trainableWeights.map((w) => w.read() as tf.Variable)`). Layers' training is
   * synchronous, so it needs the non-finite policy `'none'`.
   */
  asLayersOptimizer(): tf.Optimizer {
    if (this.policy !== 'none') {
      throw new TypeError(`Optimizer.asLayersOptimizer: tfjs-layers steps synchronously; needs nonFinite 'none', got '${this.policy}'`);
    }
    return new LayersOptimizer(this);
  }

  /** Frees the state. The variables stay (they are the caller's). */
  dispose(): void {
    if (this.state_ !== undefined) disposeReplaced(this.state_, null);
    this.state_ = undefined;
  }

  /** @internal Layers' synchronous path, gradients keyed by variable name. */
  applyByVariableName(grads: NamedTensors): void {
    const named = this.rename(grads);
    this.applyChecked(this.checkGrads(named), named);
  }

  private rename(grads: NamedTensors): NamedTensors {
    const out: NamedTensors = {};
    for (const [vn, g] of Object.entries(grads)) out[this.byVariableName.get(vn) ?? vn] = g;
    return out;
  }

  private applyChecked(full: NamedTensors, given: NamedTensors): void {
    const old = this.live();
    const params = this.params();
    const { updates, state } = tf.tidy(() => {
      const filled: NamedTensors = { ...full };
      for (const n of Object.keys(params)) if (filled[n] === undefined) filled[n] = tf.zerosLike(params[n]!);
      return this.transform.update(filled, old, params) as unknown as tf.TensorContainer;
    }) as unknown as { updates: NamedTensors; state: StateValue };
    const frozen = new Set(this.groups.filter((g) => g.frozen).flatMap((g) => g.names));
    tf.tidy(() => {
      for (const [n, u] of Object.entries(updates)) {
        if (frozen.has(n)) continue;
        const v = this.variables[n]!;
        v.assign(tf.add(v, u));
      }
    });
    const keep = collectTensors([state, old, given]);
    for (const u of Object.values(updates)) if (!keep.has(u) && !u.isDisposed) u.dispose();
    disposeReplaced(old, state);
    this.state_ = state;
    this.steps_++;
  }

  private checkGrads(grads: NamedTensors): NamedTensors {
    this.live();
    if (grads === null || typeof grads !== 'object') throw new TypeError('Optimizer.step: gradients must be a record of tensors');
    const frozen = new Set(this.groups.filter((g) => g.frozen).flatMap((g) => g.names));
    const expected: NamedTensors = {};
    const given: NamedTensors = {};
    for (const [n, v] of Object.entries(this.variables)) {
      if (frozen.has(n) && !(n in grads)) continue;
      expected[n] = v;
    }
    for (const [n, g] of Object.entries(grads)) {
      if (!(g instanceof tf.Tensor)) throw new TypeError(`Optimizer.step: gradient ${JSON.stringify(n)} is not a tensor`);
      given[n] = g;
    }
    checkMatching('Optimizer.step', given, expected);
    return given;
  }

  private params(): NamedTensors {
    return { ...this.variables };
  }

  private trainable(): string[] {
    const frozen = new Set(this.groups.filter((g) => g.frozen).flatMap((g) => g.names));
    return Object.keys(this.variables).filter((n) => !frozen.has(n));
  }

  private live(): StateValue {
    if (this.state_ === undefined) throw new Error('Optimizer: used after dispose()');
    return this.state_;
  }

  private group(name: string, where: string): Group {
    const g = this.groups.find((x) => x.name === name);
    if (g === undefined) {
      throw new RangeError(`Optimizer.${where}: unknown group ${JSON.stringify(name)} (groups: ${this.groupNames.join(', ')})`);
    }
    return g;
  }

  private groupState(g: Group, where: string): InjectedState<any> {
    if (g.frozen || !isInjected(g.transform)) {
      throw new TypeError(
        `Optimizer.${where}: group ${JSON.stringify(g.name)} has no hyperparameters to change (${g.frozen ? 'frozen' : 'wrap its transformation with injectHyperparams'})`,
      );
    }
    const s = this.live() as Record<string, StateValue>;
    return (this.grouped ? s[g.name] : s) as unknown as InjectedState<any>;
  }

  private setGroupState(g: Group, s: InjectedState<any>): void {
    const cur = this.live() as Record<string, StateValue>;
    this.state_ = (this.grouped ? { ...cur, [g.name]: s as unknown as StateValue } : (s as unknown as StateValue)) as StateValue;
  }
}

function labelsOf(groups: Group[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of groups) for (const n of g.names) out[n] = g.name;
  return out;
}

function makeGroups(transform: GradientTransformation<any>, names: string[], specs: readonly ParamGroup[]): Group[] {
  if (!Array.isArray(specs)) throw new TypeError('Optimizer: groups must be an array');
  const owner = new Map<string, string>();
  const groups: Group[] = [];
  specs.forEach((spec, i) => {
    const name = spec.name ?? `group${i}`;
    if (name === 'default' || groups.some((g) => g.name === name)) {
      throw new RangeError(`Optimizer: group name ${JSON.stringify(name)} is used twice or reserved`);
    }
    let members: string[];
    if (typeof spec.params === 'function') {
      members = names.filter(spec.params as (n: string) => boolean);
    } else if (Array.isArray(spec.params)) {
      const unknown = (spec.params as readonly string[]).filter((n: string) => !names.includes(n));
      if (unknown.length > 0) {
        throw new RangeError(`Optimizer: group ${JSON.stringify(name)} names unknown parameters ${unknown.map((n: string) => JSON.stringify(n)).join(', ')}`);
      }
      members = [...(spec.params as readonly string[])];
    } else {
      throw new TypeError(`Optimizer: group ${JSON.stringify(name)} needs params (names or a predicate)`);
    }
    for (const n of members) {
      const prev = owner.get(n);
      if (prev !== undefined) throw new RangeError(`Optimizer: parameter ${JSON.stringify(n)} is in groups ${JSON.stringify(prev)} and ${JSON.stringify(name)}`);
      owner.set(n, name);
    }
    const overrides: Record<string, unknown> = {};
    if (spec.lr !== undefined) {
      checkLr(`Optimizer: group ${JSON.stringify(name)}`, spec.lr);
      overrides.lr = spec.lr;
    }
    if (spec.weightDecay !== undefined) {
      checkNonNegative(`Optimizer: group ${JSON.stringify(name)}`, 'weightDecay', spec.weightDecay);
      overrides.weightDecay = spec.weightDecay;
    }
    let t: GradientTransformation<any> = transform;
    if (spec.frozen === true) t = setToZero();
    else if (Object.keys(overrides).length > 0) {
      if (!isInjected(transform)) {
        throw new TypeError(`Optimizer: group ${JSON.stringify(name)} sets lr/weightDecay, which needs an optimizer from @dl/optim or injectHyperparams`);
      }
      t = transform.configure(overrides);
    }
    groups.push({ name, names: members, transform: t, frozen: spec.frozen === true });
  });
  const rest = names.filter((n) => !owner.has(n));
  if (rest.length > 0 || groups.length === 0) groups.unshift({ name: 'default', names: rest, transform, frozen: false });
  return groups;
}

/** tfjs-layers drives optimizers through `minimize` → `applyGradients`, keyed by variable name. */
class LayersOptimizer extends tf.Optimizer {
  static className = 'DlOptimizer';
  constructor(private readonly inner: Optimizer) {
    super();
  }
  applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const grads: NamedTensors = {};
    if (Array.isArray(variableGradients)) for (const { name, tensor } of variableGradients) grads[name] = tensor;
    else Object.assign(grads, variableGradients);
    this.inner.applyByVariableName(grads);
    this.incrementIterations();
  }
  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
