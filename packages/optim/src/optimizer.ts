import { scaleSchedule, scheduleValue, tf, variableGrads } from '@dl/core';
import type { NamedTensors, ScalarOrSchedule, Schedule } from '@dl/core';
import { checkLr, checkNonNegative } from './internal/check.js';
import { checkMatching } from './internal/names.js';
import { checkSerialized, collectTensors, deserializeState, disposeReplaced, serializeState } from './internal/tree.js';
import type { JsonValue } from './internal/tree.js';
import { isInjected, setHyperparams } from './inject-hyperparams.js';
import type { InjectedState, InjectedTransformation } from './inject-hyperparams.js';
import { setToZero } from './set-to-zero.js';
import { chain } from './chain.js';
import type { ChainTransformation } from './chain.js';
import type { GradientTransformation, StateValue } from './types.js';

/** A param group's options, as PyTorch's param group dicts hold them. */
export interface ParamGroupOptions {
  /** Group name for `setLearningRate(lr, group)`; default `group<i>` (the rest is `default`). */
  name?: string;
  /**
   * This group's base learning rate (PyTorch's per-group `lr`). A schedule here is the group's
   * own: schedules applied to all groups (`setSchedule`, `fit`'s `schedule`) leave it alone.
   */
  lr?: ScalarOrSchedule;
  /** Or the base rate as a multiple of the optimizer's (timm's `lr_scale`); not with `lr`. */
  lrScale?: number;
  /** This group's weight decay. */
  weightDecay?: number;
  /** Never updated (no state either); gradients for it may be left out of `step`. */
  frozen?: boolean;
  /**
   * Any other option of the optimizer for this group (`momentum`, `betas`, `eps`, `nesterov`,
   * `amsgrad`, ...), as PyTorch's param group dicts: checked by the optimizer's own validation.
   */
  [option: string]: unknown;
}

/** A param group of the constructor: parameters by name (or a predicate on the name) and options. */
export interface ParamGroup extends ParamGroupOptions {
  params: readonly string[] | ((name: string) => boolean);
}

/** A param group as `addParamGroup` takes it: new variables, and options. */
export interface NewParamGroup extends ParamGroupOptions {
  params: Readonly<Record<string, tf.Variable>> | readonly tf.Variable[];
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
  /** The groups and their parameters when saved (checked on load, as PyTorch does). */
  groups?: { name: string; params: string[] }[];
  tensors: NamedTensors;
}

/** A param group as `optimizer.paramGroups` reports it. */
export interface ParamGroupInfo {
  name: string;
  params: string[];
  frozen: boolean;
  /** The learning rate of the next update (NaN for a frozen group or a transform without `lr`). */
  lr: number;
  /** Base rate / the optimizer's base rate: how schedules applied to all groups are scaled. */
  lrScale: number;
  /** Whether the group follows its own schedule (given as its `lr`). */
  ownSchedule: boolean;
  /** The group's options as they stand (a schedule where one is set). */
  hyperparams: Readonly<Record<string, unknown>>;
}

export interface SetScheduleOptions {
  /** Only this group (default: every non-frozen group without its own schedule). */
  group?: string;
  /** The schedule's step for the next update (default 0); resuming a run passes the steps it had done. */
  step?: number;
}

export class NonFiniteGradientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteGradientError';
  }
}

const POLICIES: readonly NonFinitePolicy[] = ['none', 'skip', 'throw'];
const GROUP_KEYS = new Set(['params', 'name', 'frozen', 'lrScale']);

interface Group {
  name: string;
  names: string[];
  transform: GradientTransformation<any>;
  frozen: boolean;
  lrScale: number;
  ownSchedule: boolean;
}

/** A schedule attached with `setSchedule`/`setMomentumSchedule`: step `origin` is schedule step 0. */
interface Attached {
  schedule: Schedule;
  origin: number;
}

/**
 * The stateful side: a gradient transformation applied to `tf.Variable`s, with PyTorch's
 * param groups, a learning rate that can change mid-run, and a state dict to resume from.
 */
export class Optimizer {
  private vars: Record<string, tf.Variable>;
  private readonly base: GradientTransformation<any>;
  private readonly groups: Group[];
  private grouped: boolean;
  private readonly policy: NonFinitePolicy;
  private readonly byVariableName = new Map<string, string>();
  /** Schedules evaluated at this optimizer's step count, per group. */
  private readonly lrSchedules = new Map<string, Attached>();
  private readonly momentumSchedules = new Map<string, Attached>();
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
    const vars = namedVariables('Optimizer', variables, {});
    const policy = options.nonFinite ?? 'none';
    if (!POLICIES.includes(policy)) {
      throw new RangeError(`Optimizer: nonFinite must be one of ${POLICIES.join(', ')}, got ${String(policy)}`);
    }
    this.vars = vars;
    this.base = transform;
    this.policy = policy;
    for (const [n, v] of Object.entries(vars)) this.byVariableName.set(v.name, n);
    this.groups = makeGroups(transform, Object.keys(vars), options.groups ?? []);
    this.grouped = this.groups.length > 1 || this.groups[0]!.name !== 'default';
    // Validation above made no tensor; now the state.
    this.state_ = tf.tidy(() => {
      if (!this.grouped) return this.groups[0]!.transform.init(this.params()) as tf.TensorContainer;
      const s: Record<string, StateValue> = {};
      for (const g of this.groups) s[g.name] = g.transform.init(pickNamed(this.vars, g.names)) as StateValue;
      return s as tf.TensorContainer;
    }) as StateValue;
  }

  /** The variables, by the names the optimizer uses (groups added later included). */
  get variables(): Readonly<Record<string, tf.Variable>> {
    return this.vars;
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

  /** PyTorch's `optimizer.param_groups`, read-only: each group's parameters, current lr and options. */
  get paramGroups(): ParamGroupInfo[] {
    return this.groups.map((g) => {
      const hyperparams = g.frozen || !injectedOf(g.transform) ? {} : { ...(this.groupState(g, 'paramGroups').hyperparams as Record<string, unknown>) };
      const lr = hyperparams.lr as ScalarOrSchedule | undefined;
      return {
        name: g.name,
        params: [...g.names],
        frozen: g.frozen,
        lr: lr === undefined ? Number.NaN : this.lrValue(g, lr),
        lrScale: g.lrScale,
        ownSchedule: g.ownSchedule,
        hyperparams,
      };
    });
  }

  /**
   * One update from gradients named like the variables. A parameter whose gradient is left out
   * (PyTorch's `grad is None`: the loss did not reach it, or it is frozen) is left untouched: no
   * update, no weight decay, no change to its state; a group none of whose parameters has a
   * gradient is not stepped at all. Resolves to true when applied, false when skipped for
   * non-finite gradients.
   */
  async step(grads: NamedTensors): Promise<boolean> {
    const given = this.checkGrads(grads);
    if (this.policy !== 'none') {
      const flag = tf.tidy(() => {
        const list = Object.values(given).map((g) => tf.all(tf.isFinite(g)));
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
    this.apply(given);
    return true;
  }

  /**
   * Computes the gradients of `lossFn` with respect to the non-frozen variables, steps, returns the
   * loss. Variables with `trainable` false (frozen by `@dl/transfer`'s `freeze`, PyTorch's
   * `requires_grad=False`) get no gradient, so no update, no weight decay and no state change.
   */
  async minimize(lossFn: () => tf.Scalar): Promise<tf.Scalar> {
    this.live();
    // TF.js answers null for a non-trainable variable named in the list; leave them out instead
    const varList = this.trainable().map((n) => this.vars[n]!).filter((v) => v.trainable);
    const { value, grads } = variableGrads(lossFn, varList);
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

  /**
   * Replaces the learning rate of one group, or of every non-frozen group. For all groups, each
   * gets `lr` scaled by its `lrScale` (PyTorch computes every group's rate from its own base
   * rate), and groups with their own schedule are left alone. A schedule given here is evaluated
   * at the group's update count (its lifetime); use `setSchedule` for one that starts now.
   */
  setLearningRate(lr: ScalarOrSchedule, group?: string): void {
    checkLr('Optimizer.setLearningRate', lr);
    const targets = this.targets(group, 'setLearningRate').filter((g) => group !== undefined || !g.ownSchedule);
    this.detach(this.lrSchedules, targets);
    this.setHyperparamsOf(targets.map((g) => [g, { lr: group === undefined ? scaleSchedule(lr, g.lrScale) : lr }]), 'setLearningRate');
  }

  /** The learning rate the next update of a group uses (the first non-frozen group's when none is named). */
  getLearningRate(group?: string): number {
    const g = this.group(group ?? this.groups.find((x) => !x.frozen)?.name ?? 'default', 'getLearningRate');
    const lr = (this.groupState(g, 'getLearningRate').hyperparams as { lr?: ScalarOrSchedule }).lr;
    if (lr === undefined) throw new TypeError(`Optimizer.getLearningRate: group ${JSON.stringify(g.name)} does not record an lr`);
    return this.lrValue(g, lr);
  }

  /**
   * Attaches a learning-rate schedule that starts now (PyTorch: creating a scheduler): the next
   * update uses `schedule(step)` (default step 0), the one after `schedule(step + 1)`, counted in
   * this optimizer's applied steps whatever each group's own history. Without `group`, every
   * non-frozen group without its own schedule follows it scaled by its `lrScale` (or by the
   * schedule's own `scaled`, see `@dl/core`'s `ScalableSchedule`). `null` detaches, keeping the
   * current values. Groups added later by `addParamGroup` join an attached schedule.
   */
  setSchedule(schedule: Schedule | null, options: SetScheduleOptions = {}): void {
    this.attach('setSchedule', this.lrSchedules, schedule, options, true);
  }

  /**
   * The same for momentum (SGD's and RMSprop's `momentum`, the Adam family's `beta1`), as
   * PyTorch's `OneCycleLR`/`CyclicLR` cycle it; not scaled per group. `null` detaches.
   */
  setMomentumSchedule(schedule: Schedule | null, options: SetScheduleOptions = {}): void {
    this.attach('setMomentumSchedule', this.momentumSchedules, schedule, options, false);
  }

  /**
   * Sets a group's `lrScale` (its base rate as a multiple of the optimizer's) and its learning rate
   * to the optimizer's base rate times `scale` (fastai's new slice between `fit_one_cycle`s). Refused
   * while a schedule is attached to the group: detach it first (`fit` does so when a run ends).
   */
  setLrScale(scale: number, group: string): void {
    const where = 'setLrScale';
    if (typeof scale !== 'number' || !Number.isFinite(scale) || !(scale > 0)) throw new RangeError(`Optimizer.setLrScale: scale must be a finite number > 0, got ${String(scale)}`);
    if (typeof group !== 'string') throw new TypeError(`Optimizer.setLrScale: group must be a group name, got ${String(group)}`);
    const g = this.group(group, where);
    if (g.frozen) throw new TypeError(`Optimizer.setLrScale: group ${JSON.stringify(group)} is frozen`);
    if (g.ownSchedule) throw new TypeError(`Optimizer.setLrScale: group ${JSON.stringify(group)} follows its own schedule (given as its lr)`);
    if (this.lrSchedules.has(g.name)) throw new TypeError(`Optimizer.setLrScale: group ${JSON.stringify(group)} follows an attached schedule; detach it first (setSchedule(null))`);
    const base = injectedOf(this.base) === undefined ? undefined : (injectedOf(this.base)!.transform.options as { lr?: ScalarOrSchedule }).lr;
    if (base === undefined) throw new TypeError('Optimizer.setLrScale: needs an optimizer from @dl/optim (or injectHyperparams) with an lr');
    this.setHyperparamsOf([[g, { lr: scaleSchedule(base, scale) }]], where);
    g.lrScale = scale;
  }

  /** Replaces hyperparameters (lr, betas, weightDecay, eps, momentum, ...) of one group or all. */
  setHyperparams(values: Record<string, unknown>, group?: string): void {
    const targets = this.targets(group, 'setHyperparams');
    if ('weightDecay' in values) checkNonNegative('Optimizer.setHyperparams', 'weightDecay', values.weightDecay);
    if ('lr' in values) {
      checkLr('Optimizer.setHyperparams', values.lr);
      this.detach(this.lrSchedules, targets);
    }
    this.setHyperparamsOf(targets.map((g) => [g, values]), 'setHyperparams');
  }

  /**
   * Adds a param group of new variables mid-run with empty state (PyTorch's `add_param_group`;
   * gradual unfreezing). Its options default to the optimizer's; an attached schedule (see
   * `setSchedule`) carries on for it at the run's current step, scaled by its `lrScale`.
   */
  addParamGroup(spec: NewParamGroup): void {
    this.live();
    if (spec === null || typeof spec !== 'object') throw new TypeError('Optimizer.addParamGroup: expects {params, ...options}');
    const vars = namedVariables('Optimizer.addParamGroup', spec.params, this.vars);
    const names = Object.keys(vars);
    if (names.length === 0) throw new RangeError('Optimizer.addParamGroup: params is empty');
    const [g] = makeGroups(this.base, names, [{ ...spec, params: names, name: spec.name ?? `group${this.groups.length}` }], this.groups.map((x) => x.name));
    if (g === undefined) throw new Error('Optimizer.addParamGroup: no group made');
    const init = tf.tidy(() => g.transform.init(pickNamed(vars, names)) as tf.TensorContainer) as StateValue;
    const cur = this.live();
    this.state_ = (this.grouped ? { ...(cur as Record<string, StateValue>), [g.name]: init } : { [this.groups[0]!.name]: cur, [g.name]: init }) as StateValue;
    this.grouped = true;
    this.groups.push(g);
    this.vars = { ...this.vars, ...vars };
    for (const [n, v] of Object.entries(vars)) this.byVariableName.set(v.name, n);
    for (const [map, scaled] of [[this.lrSchedules, true], [this.momentumSchedules, false]] as const) {
      const all = [...map.values()][0];
      if (!g.frozen && !g.ownSchedule && all !== undefined && [...map.keys()].length === this.groups.length - 1) {
        map.set(g.name, { schedule: scaled ? (scaleSchedule(all.schedule, g.lrScale) as Schedule) : all.schedule, origin: all.origin });
      }
    }
  }

  /** The state as JSON plus tensors (the tensors are the live ones: save them before the next step). */
  stateDict(): OptimizerStateDict {
    const tensors: NamedTensors = {};
    const state = serializeState(this.live(), tensors, 'state');
    return {
      format: 'dl-optim',
      version: 1,
      state,
      steps: this.steps_,
      skippedSteps: this.skipped_,
      groups: this.groups.map((g) => ({ name: g.name, params: [...g.names] })),
      tensors,
    };
  }

  /** Checks a `stateDict()` against this optimizer without changing anything (`loadStateDict` does this first). */
  checkStateDict(dict: OptimizerStateDict): void {
    const current = this.live();
    if (dict === null || typeof dict !== 'object' || dict.format !== 'dl-optim' || dict.version !== 1) {
      throw new TypeError('Optimizer.loadStateDict: not a state dict from Optimizer.stateDict() (format dl-optim, version 1)');
    }
    for (const k of ['steps', 'skippedSteps'] as const) {
      if (!Number.isInteger(dict[k]) || dict[k] < 0) throw new TypeError(`Optimizer.loadStateDict: ${k} must be an integer >= 0, got ${String(dict[k])}`);
    }
    if (dict.groups !== undefined) {
      const mine = this.groups.map((g) => `${g.name}: ${[...g.names].sort().join(', ')}`);
      const theirs = Array.isArray(dict.groups) ? dict.groups.map((g) => `${g.name}: ${[...g.params].sort().join(', ')}`) : [];
      if (mine.join('; ') !== theirs.join('; ')) {
        throw new RangeError(`Optimizer.loadStateDict: the state dict's param groups [${theirs.join('; ')}] differ from this optimizer's [${mine.join('; ')}]`);
      }
    }
    checkSerialized(dict.state, current, dict.tensors, '');
  }

  /** Restores a `stateDict()` (tensors are copied); checked completely before anything changes. */
  loadStateDict(dict: OptimizerStateDict): void {
    this.checkStateDict(dict);
    const current = this.live();
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
    this.apply(this.checkGrads(this.rename(grads)));
  }

  private rename(grads: NamedTensors): NamedTensors {
    const out: NamedTensors = {};
    for (const [vn, g] of Object.entries(grads)) out[this.byVariableName.get(vn) ?? vn] = g;
    return out;
  }

  /** The lr of group `g` at the next update. */
  private lrValue(g: Group, lr: ScalarOrSchedule): number {
    const attached = this.lrSchedules.get(g.name);
    if (attached) return scheduleValue(attached.schedule, this.steps_ - attached.origin, `Optimizer: the learning-rate schedule of group ${JSON.stringify(g.name)}`);
    if (typeof lr === 'number') return lr;
    return scheduleValue(lr, this.groupState(g, 'getLearningRate').count, `Optimizer: lr of group ${JSON.stringify(g.name)}`);
  }

  private attach(where: string, map: Map<string, Attached>, schedule: Schedule | null, options: SetScheduleOptions, scaled: boolean): void {
    if (options === null || typeof options !== 'object') throw new TypeError(`Optimizer.${where}: options must be an object`);
    for (const k of Object.keys(options)) if (k !== 'group' && k !== 'step') throw new TypeError(`Optimizer.${where}: unknown option ${JSON.stringify(k)} (allowed: group, step)`);
    const step = options.step ?? 0;
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`Optimizer.${where}: step must be an integer >= 0, got ${String(step)}`);
    if (schedule !== null && typeof schedule !== 'function') throw new TypeError(`Optimizer.${where}: schedule must be a function (step) => value or null, got ${String(schedule)}`);
    const targets = this.targets(options.group, where).filter((g) => options.group !== undefined || !g.ownSchedule);
    if (schedule === null) {
      this.detach(map, targets);
      return;
    }
    const origin = this.steps_ - step;
    const next = targets.map((g) => [g, { schedule: scaled && options.group === undefined ? (scaleSchedule(schedule, g.lrScale) as Schedule) : schedule, origin }] as const);
    // evaluate once now, so a bad schedule or a structural change (momentum 0) throws before anything is attached
    this.setHyperparamsOf(next.map(([g, a]) => [g, this.scheduled(where, g, a, scaled ? 'lr' : 'momentum')]), where);
    for (const [g, a] of next) map.set(g.name, a);
  }

  /**
   * Forgets attached schedules, keeping the value for the next update as a number (PyTorch's
   * group lr after the loop's last `scheduler.step()`), or the last one where the schedule ends.
   */
  private detach(map: Map<string, Attached>, targets: Group[]): void {
    const kind = map === this.lrSchedules ? 'lr' : 'momentum';
    for (const g of targets) {
      const a = map.get(g.name);
      if (a === undefined) continue;
      map.delete(g.name);
      try {
        const values = this.scheduled('detach', g, a, kind);
        this.setHyperparamsOf([[g, values]], 'detach');
      } catch {
        // past the schedule's end, or a value the optimizer refuses: the last update's values stay
      }
    }
  }

  /** The hyperparameter values of an attached schedule at the next update. */
  private scheduled(where: string, g: Group, a: Attached, kind: 'lr' | 'momentum'): Record<string, unknown> {
    const v = scheduleValue(a.schedule, this.steps_ - a.origin, `Optimizer.${where}: the ${kind} schedule of group ${JSON.stringify(g.name)}`);
    if (kind === 'lr') {
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`Optimizer.${where}: the lr schedule of group ${JSON.stringify(g.name)} gives ${v} at step ${this.steps_ - a.origin}`);
      return { lr: v };
    }
    const hp = this.groupState(g, where).hyperparams as Record<string, unknown>;
    if (Array.isArray(hp.betas)) return { betas: [v, hp.betas[1]] };
    const accepts = (extra: Record<string, unknown>): boolean => {
      try {
        injectedOf(g.transform)!.transform.factory({ ...hp, ...extra });
        return true;
      } catch {
        return false;
      }
    };
    if (accepts({ momentum: v })) {
      if (!(typeof hp.momentum === 'number' && hp.momentum > 0)) {
        throw new RangeError(
          `Optimizer.${where}: group ${JSON.stringify(g.name)} has momentum 0, so its momentum cannot be scheduled (PyTorch would switch momentum on); give the optimizer a momentum > 0, or turn cycling off (cycleMomentum: false)`,
        );
      }
      return { momentum: v };
    }
    // the Adam family; PyTorch's default beta2 is 0.999 in every one of them
    if (accepts({ betas: [v, 0.999] })) return { betas: [v, 0.999] };
    throw new TypeError(`Optimizer.${where}: group ${JSON.stringify(g.name)}'s optimizer has neither momentum nor betas to schedule (cycleMomentum: false turns cycling off)`);
  }

  private setHyperparamsOf(changes: ReadonlyArray<readonly [Group, Record<string, unknown>]>, where: string): void {
    const replaced = changes.map(([g, values]) => {
      const s = this.groupState(g, where);
      return [g, setHyperparams(injectedOf(g.transform)!.transform, s, values)] as const;
    });
    // all checked; now swap
    for (const [g, s] of replaced) this.setGroupState(g, s);
  }

  private targets(group: string | undefined, where: string): Group[] {
    return group === undefined ? this.groups.filter((g) => !g.frozen) : [this.group(group, where)];
  }

  private apply(given: NamedTensors): void {
    // Attached schedules set this step's values first (numbers, so the state stays plain JSON).
    const changes: [Group, Record<string, unknown>][] = [];
    for (const g of this.groups) {
      const values: Record<string, unknown> = {};
      const lr = this.lrSchedules.get(g.name);
      if (lr) Object.assign(values, this.scheduled('step', g, lr, 'lr'));
      const m = this.momentumSchedules.get(g.name);
      if (m) Object.assign(values, this.scheduled('step', g, m, 'momentum'));
      if (Object.keys(values).length > 0) changes.push([g, values]);
    }
    this.setHyperparamsOf(changes, 'step');
    const current = this.live();
    const { updates, state } = tf.tidy(() => {
      const updates: NamedTensors = {};
      const next: Record<string, StateValue> = {};
      for (const g of this.groups) {
        const gs = (this.grouped ? (current as Record<string, StateValue>)[g.name] : current) as StateValue;
        const present = g.frozen ? [] : g.names.filter((n) => given[n] !== undefined);
        if (present.length === 0) {
          next[g.name] = gs; // nothing reached this group: no step for it
          continue;
        }
        const params = pickNamed(this.vars, g.names);
        const filled: NamedTensors = {};
        for (const n of g.names) filled[n] = given[n] ?? tf.zerosLike(params[n]!);
        const r = g.transform.update(filled, gs, params);
        const missing = new Set(g.names.filter((n) => given[n] === undefined));
        next[g.name] = missing.size > 0 ? restoreEntries(r.state as StateValue, gs, missing, new Set(g.names)) : (r.state as StateValue);
        for (const n of present) updates[n] = r.updates[n]!;
      }
      return { updates, state: (this.grouped ? next : next[this.groups[0]!.name]) as StateValue } as unknown as tf.TensorContainer;
    }) as unknown as { updates: NamedTensors; state: StateValue };
    tf.tidy(() => {
      for (const [n, u] of Object.entries(updates)) {
        const v = this.vars[n]!;
        v.assign(tf.add(v, u));
      }
    });
    const keep = collectTensors([state, current, given]);
    for (const u of Object.values(updates)) if (!keep.has(u) && !u.isDisposed) u.dispose();
    disposeReplaced(current, state);
    this.state_ = state;
    this.steps_++;
  }

  private checkGrads(grads: NamedTensors): NamedTensors {
    this.live();
    if (grads === null || typeof grads !== 'object') throw new TypeError('Optimizer.step: gradients must be a record of tensors');
    const given: NamedTensors = {};
    for (const [n, g] of Object.entries(grads)) {
      if (!(g instanceof tf.Tensor)) throw new TypeError(`Optimizer.step: gradient ${JSON.stringify(n)} is not a tensor`);
      given[n] = g;
    }
    // PyTorch's `grad is None`: a parameter may have no gradient; a name we do not know is a mistake.
    const expected: NamedTensors = {};
    for (const n of Object.keys(given)) if (n in this.vars) expected[n] = this.vars[n]!;
    const unexpected = Object.keys(given).filter((n) => !(n in this.vars));
    if (unexpected.length > 0) {
      const known = Object.keys(this.vars);
      throw new RangeError(
        `Optimizer.step: gradients do not match the parameters: unexpected ${unexpected.map((n) => JSON.stringify(n)).join(', ')} (parameters: ${known.slice(0, 8).map((n) => JSON.stringify(n)).join(', ')}${known.length > 8 ? ', ...' : ''})`,
      );
    }
    checkMatching('Optimizer.step', given, expected);
    return given;
  }

  private params(): NamedTensors {
    return { ...this.vars };
  }

  private trainable(): string[] {
    const frozen = new Set(this.groups.filter((g) => g.frozen).flatMap((g) => g.names));
    return Object.keys(this.vars).filter((n) => !frozen.has(n));
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
    const inj = g.frozen ? undefined : injectedOf(g.transform);
    if (inj === undefined) {
      throw new TypeError(
        `Optimizer.${where}: group ${JSON.stringify(g.name)} has no hyperparameters to change (${g.frozen ? 'frozen' : 'use an optimizer of @dl/optim, alone or as the one optimizer in a chain, or wrap the transformation with injectHyperparams'})`,
      );
    }
    const s = this.live() as Record<string, StateValue>;
    const gs = (this.grouped ? s[g.name] : s) as unknown;
    return (inj.index < 0 ? gs : (gs as StateValue[])[inj.index]) as InjectedState<any>;
  }

  private setGroupState(g: Group, s: InjectedState<any>): void {
    const inj = injectedOf(g.transform)!;
    const cur = this.live() as Record<string, StateValue>;
    const old = (this.grouped ? cur[g.name] : cur) as unknown;
    const next = (inj.index < 0 ? s : (old as StateValue[]).map((v, i) => (i === inj.index ? s : v))) as unknown as StateValue;
    this.state_ = (this.grouped ? { ...cur, [g.name]: next } : next) as StateValue;
  }
}

/**
 * Where a transformation keeps its hyperparameters: itself when made by `injectHyperparams` (every
 * optimizer of this package), or the one injected part of a `chain` (e.g. `chain(clipByGlobalNorm(1),
 * adamw())`), whose state is then the chain state's entry at `index`.
 */
interface Injected {
  transform: InjectedTransformation<any>;
  index: number;
  /** The same transformation with the injected part reconfigured. */
  configure(overrides: Record<string, unknown>): GradientTransformation<any>;
}

function injectedOf(t: GradientTransformation<any>): Injected | undefined {
  if (isInjected(t)) return { transform: t, index: -1, configure: (o) => t.configure(o) };
  const parts = (t as Partial<ChainTransformation>).parts;
  if (!Array.isArray(parts)) return undefined;
  const found = parts.map((p, i) => [p, i] as const).filter(([p]) => isInjected(p));
  if (found.length !== 1) return undefined;
  const [part, index] = found[0]!;
  const inj = part as InjectedTransformation<any>;
  return { transform: inj, index, configure: (o) => chain(...parts.map((p, i) => (i === index ? inj.configure(o) : p))) };
}

function pickNamed<T extends tf.Tensor>(all: Readonly<Record<string, T>>, names: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const n of names) out[n] = all[n]!;
  return out;
}

/**
 * The new state with the per-parameter entries of `missing` parameters taken from the old one:
 * every plain object whose keys are all parameter names holds one entry per parameter (moments,
 * per-parameter step counts), so a parameter without a gradient keeps its state as it was.
 */
function restoreEntries(next: StateValue, old: StateValue, missing: Set<string>, names: Set<string>): StateValue {
  if (next === null || typeof next !== 'object' || next instanceof tf.Tensor || old === null || typeof old !== 'object' || old instanceof tf.Tensor) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(old)) return next;
    return next.map((v, i) => restoreEntries(v as StateValue, old[i] as StateValue, missing, names));
  }
  const n = next as Record<string, StateValue>;
  const o = old as Record<string, StateValue>;
  const keys = Object.keys(n);
  const perParam = keys.length > 0 && keys.every((k) => names.has(k));
  const out: Record<string, StateValue> = {};
  for (const k of keys) out[k] = perParam && missing.has(k) && k in o ? o[k]! : restoreEntries(n[k]!, o[k]!, missing, names);
  return out;
}

function namedVariables(
  where: string,
  variables: Readonly<Record<string, tf.Variable>> | readonly tf.Variable[],
  existing: Readonly<Record<string, tf.Variable>>,
): Record<string, tf.Variable> {
  const vars: Record<string, tf.Variable> = {};
  const taken = new Set(Object.values(existing));
  const add = (n: string, v: unknown) => {
    if (!(v instanceof tf.Variable)) throw new TypeError(`${where}: ${JSON.stringify(n)} is not a tf.Variable`);
    if (n in vars || n in existing) throw new RangeError(`${where}: two variables are named ${JSON.stringify(n)}`);
    if (taken.has(v)) throw new RangeError(`${where}: variable ${JSON.stringify(n)} is already in a param group (PyTorch: "some parameters appear in more than one parameter group")`);
    taken.add(v);
    vars[n] = v;
  };
  if (Array.isArray(variables)) {
    for (const v of variables as readonly tf.Variable[]) {
      if (!(v instanceof tf.Variable)) throw new TypeError(`${where}: variables must be tf.Variables`);
      add(v.name, v);
    }
  } else if (variables !== null && typeof variables === 'object') {
    for (const [n, v] of Object.entries(variables as Record<string, tf.Variable>)) add(n, v);
  } else {
    throw new TypeError(`${where}: variables must be a record or an array of tf.Variables`);
  }
  return vars;
}

/** The optimizer's own base lr: its `lr` option (a schedule's value at step 0). */
function baseLrOf(transform: GradientTransformation<any>): number | undefined {
  const inj = injectedOf(transform);
  if (inj === undefined) return undefined;
  const lr = (inj.transform.options as { lr?: ScalarOrSchedule }).lr;
  if (lr === undefined) return undefined;
  return typeof lr === 'number' ? lr : scheduleValue(lr, 0, 'Optimizer: lr');
}

function makeGroups(transform: GradientTransformation<any>, names: string[], specs: readonly ParamGroup[], taken: readonly string[] = []): Group[] {
  if (!Array.isArray(specs)) throw new TypeError('Optimizer: groups must be an array');
  const owner = new Map<string, string>();
  const groups: Group[] = [];
  const base = baseLrOf(transform);
  specs.forEach((spec, i) => {
    if (spec === null || typeof spec !== 'object') throw new TypeError(`Optimizer: groups[${i}] must be an object {params, ...options}`);
    const name = spec.name ?? `group${i}`;
    if (typeof name !== 'string' || name === 'default' || taken.includes(name) || groups.some((g) => g.name === name)) {
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
    const where = `Optimizer: group ${JSON.stringify(name)}`;
    if (spec.frozen !== undefined && typeof spec.frozen !== 'boolean') throw new TypeError(`${where}: frozen must be a boolean, got ${String(spec.frozen)}`);
    const overrides: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(spec)) if (!GROUP_KEYS.has(k) && v !== undefined) overrides[k] = v;
    if (overrides.lr !== undefined) checkLr(where, overrides.lr);
    if (overrides.weightDecay !== undefined) checkNonNegative(where, 'weightDecay', overrides.weightDecay);
    let lrScale = 1;
    if (spec.lrScale !== undefined) {
      if (overrides.lr !== undefined) throw new TypeError(`${where}: give lr or lrScale, not both`);
      if (typeof spec.lrScale !== 'number' || !Number.isFinite(spec.lrScale) || !(spec.lrScale > 0)) throw new RangeError(`${where}: lrScale must be a finite number > 0, got ${String(spec.lrScale)}`);
      if (base === undefined) throw new TypeError(`${where}: lrScale needs an optimizer from @dl/optim (or injectHyperparams) with an lr`);
      lrScale = spec.lrScale;
      overrides.lr = scaleSchedule(injectedOf(transform)!.transform.options.lr as ScalarOrSchedule, lrScale);
    } else if (typeof overrides.lr === 'number' && base !== undefined && base > 0) {
      lrScale = overrides.lr / base; // a zero base rate scales nothing
    }
    let t: GradientTransformation<any> = transform;
    if (spec.frozen === true) t = setToZero();
    else if (Object.keys(overrides).length > 0) {
      const inj = injectedOf(transform);
      if (inj === undefined) {
        throw new TypeError(`${where} sets ${Object.keys(overrides).join(', ')}, which needs an optimizer from @dl/optim (alone or as the one optimizer in a chain) or injectHyperparams`);
      }
      t = inj.configure(overrides); // the optimizer's own checks, naming the option
    }
    groups.push({ name, names: members, transform: t, frozen: spec.frozen === true, lrScale, ownSchedule: typeof spec.lr === 'function' });
  });
  if (taken.length > 0) return groups; // addParamGroup: no default group
  const rest = names.filter((n) => !owner.has(n));
  if (rest.length > 0 || groups.length === 0) groups.unshift({ name: 'default', names: rest, transform, frozen: false, lrScale: 1, ownSchedule: false });
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
