// Fused optimizer steps: one backend kernel per step and variable in place of the
// composed ops, for torchShape chains whose preconditioner a kernel covers. The
// kernels ('DlAdamStep', 'DlSgdStep', 'DlRmspropStep', 'DlAdagradStep') come from
// @dl/kernels, registered for cpu and wasm by @dl/core's useBackend (on wasm SGD's and Adam's only),
// and for webgl here on first use; they are looked up by name, so other backends (webgpu; wasm
// for RMSprop and Adagrad) simply keep the composed path.
import { scheduleValue, tf } from '@dl/core';
import type { NamedTensors, ScalarOrSchedule } from '@dl/core';
import type { GradientTransformation, StateValue, TransformResult } from '../types.js';
import { adagradStepWebgl, adamStepWebgl, rmspropStepWebgl, sgdStepWebgl } from '@dl/kernels';

/** What a preconditioner is, for the fused path. */
export type Fusable =
  | { kind: 'adam'; beta1: number; beta2: number; eps: number; amsgrad: boolean }
  | { kind: 'trace'; momentum: number; dampening: number; nesterov: boolean }
  | { kind: 'rms'; alpha: number; eps: number; centered: boolean }
  | { kind: 'rss'; eps: number };

const described = new WeakMap<object, Fusable>();

export function describeFusable<T extends GradientTransformation<any>>(t: T, d: Fusable): T {
  described.set(t, d);
  return t;
}

let enabled = true;
let webglRegistered = false;

export function setFusedEnabled(on: boolean): void {
  enabled = on;
}

export function fusedEnabled(): boolean {
  return enabled;
}

/** Whether the current backend has `kernelName` and fusing is on. */
export function hasFusedKernel(kernelName: string): boolean {
  if (!enabled) return false;
  const backend = tf.getBackend();
  if (backend === 'webgl' && !webglRegistered) {
    webglRegistered = true;
    // The four configs, not registerTrainingKernels('webgl'): that would pull every kernel (and
    // the wasm module) into a bundle that only needs these.
    for (const k of [adamStepWebgl, sgdStepWebgl, rmspropStepWebgl, adagradStepWebgl]) if (tf.getKernel(k.kernelName, 'webgl') === undefined) tf.registerKernel(k);
  }
  return tf.getKernel(kernelName, backend) !== undefined;
}

interface Shape {
  lr: ScalarOrSchedule;
  weightDecay: number;
  maximize: boolean;
  decoupled: boolean;
  /** Adagrad's lr decay (its lr stage then counts steps per parameter); undefined for the others. */
  lrDecay: number | undefined;
}

type Plan =
  | { kernel: 'DlAdamStep'; adam: Extract<Fusable, { kind: 'adam' }> }
  | { kernel: 'DlSgdStep'; trace: Extract<Fusable, { kind: 'trace' }> | null }
  | { kernel: 'DlRmspropStep'; rms: Extract<Fusable, { kind: 'rms' }>; trace: Extract<Fusable, { kind: 'trace' }> | null }
  | { kernel: 'DlAdagradStep'; rss: Extract<Fusable, { kind: 'rss' }> };

function plan(o: Shape, pre: readonly GradientTransformation<any>[]): Plan | null {
  const d = pre.map((t) => described.get(t));
  if (d.some((x) => x === undefined)) return null;
  const [a, b] = d as Fusable[];
  // Decoupled decay is fused for Adam only (the others never use it).
  if (o.decoupled && o.weightDecay !== 0 && a?.kind !== 'adam') return null;
  if (d.length === 0) return { kernel: 'DlSgdStep', trace: null };
  if (d.length === 1 && a!.kind === 'trace') return { kernel: 'DlSgdStep', trace: a! };
  if (d.length === 1 && a!.kind === 'adam') return { kernel: 'DlAdamStep', adam: a! };
  if (d.length === 1 && a!.kind === 'rss') return { kernel: 'DlAdagradStep', rss: a! };
  if (d.length === 1 && a!.kind === 'rms') return { kernel: 'DlRmspropStep', rms: a!, trace: null };
  if (d.length === 2 && a!.kind === 'rms' && b!.kind === 'trace' && b!.dampening === 0 && !b!.nesterov) return { kernel: 'DlRmspropStep', rms: a!, trace: b! };
  return null;
}

/** Adagrad's `lr / (1 + (step - 1) lrDecay)` in float64, `steps` being the parameter's updates before this one. */
export const decayedLr = (lr: number, steps: number, lrDecay: number): number => lr / (1 + steps * lrDecay);

const run = (kernel: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean>): tf.Tensor[] =>
  tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor[];

type Rec = Record<string, any>;

/**
 * Wraps torchShape's composed chain (`scale, addDecayedWeights, ...pre, addDecayedWeights,
 * scaleByLearningRate`) so that its update runs as one kernel per variable when the backend
 * has it, producing the same updates and the same state (structure and values) as the chain.
 */
export function fuseTorchShape(o: Shape, pre: readonly GradientTransformation<any>[], composed: GradientTransformation<StateValue[]>): GradientTransformation<StateValue[]> {
  const p = plan(o, pre);
  if (p === null) return composed;
  const k = pre.length;
  return {
    init: composed.init,
    update(grads, state, params): TransformResult<StateValue[]> {
      const names = Object.keys(grads);
      const needP = o.weightDecay !== 0;
      if (
        !hasFusedKernel(p.kernel) ||
        // plain SGD is one composed op already; on webgl its packed Multiply beat our unpacked program
        (p.kernel === 'DlSgdStep' && p.trace === null && tf.getBackend() === 'webgl') ||
        (needP && params === undefined) ||
        names.some((n) => grads[n]!.dtype !== 'float32' || (needP && params![n]?.dtype !== 'float32'))
      ) {
        return composed.update(grads, state, params);
      }
      // Everything per parameter (step counts, bias corrections, Adagrad's decayed lr) is
      // computed per variable in float64 as the composed transforms do, and passed as attrs.
      // scaleByLearningRate's {count}, or Adagrad's {lr: {count}, step: {[name]: number}}
      const lrState = state[3 + k] as Rec;
      const count = (o.lrDecay === undefined ? lrState.count : lrState.lr.count) as number;
      const lr = scheduleValue(o.lr, count, o.lrDecay === undefined ? 'scaleByLearningRate: lr' : 'adagrad: lr');
      const step: Record<string, number> = {};
      const common = (n: string) => {
        if (o.lrDecay === undefined) return { lr, weightDecay: o.weightDecay, maximize: o.maximize };
        const before = lrState.step[n] as number;
        step[n] = before + 1;
        return { lr: decayedLr(lr, before, o.lrDecay), weightDecay: o.weightDecay, maximize: o.maximize };
      };
      const param = (n: string): Record<string, tf.Tensor> => (needP ? { param: params![n]! } : {});
      const updates: NamedTensors = {};
      const next = state.slice();
      if (p.kernel === 'DlAdamStep') {
        const s = state[2] as Rec;
        const { beta1, beta2, eps, amsgrad } = p.adam;
        const counts: Record<string, number> = {};
        const mu: NamedTensors = {}, nu: NamedTensors = {}, nuMax: NamedTensors = {};
        for (const n of names) {
          const t = (counts[n] = (s.count[n] as number) + 1);
          const attrs = { ...common(n), beta1, beta2, eps, amsgrad, decoupled: o.decoupled, biasCorrection1: 1 - beta1 ** t, biasCorrection2Sqrt: Math.sqrt(1 - beta2 ** t) };
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, m: s.mu[n], v: s.nu[n], ...param(n) };
          if (amsgrad) ins.vMax = s.nuMax[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          mu[n] = out[1]!;
          nu[n] = out[2]!;
          if (amsgrad) nuMax[n] = out[3]!;
        }
        next[2] = { count: counts, mu, nu, nuMax: amsgrad ? nuMax : null };
      } else if (p.kernel === 'DlSgdStep') {
        const tr = p.trace;
        const s = tr === null ? null : (state[2] as Rec);
        const counts: Record<string, number> = {};
        const buf: NamedTensors = {};
        for (const n of names) {
          const first = s !== null && s.count[n] === 0;
          const attrs = { ...common(n), momentum: tr?.momentum ?? 0, dampening: tr?.dampening ?? 0, nesterov: tr?.nesterov ?? false, first };
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, ...param(n) };
          if (s !== null && !first) ins.buf = s.trace[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          if (s !== null) {
            buf[n] = out[1]!;
            counts[n] = (s.count[n] as number) + 1;
          }
        }
        if (s !== null) next[2] = { count: counts, trace: buf };
      } else if (p.kernel === 'DlRmspropStep') {
        const { alpha, eps, centered } = p.rms;
        const s = state[2] as Rec;
        const ts = p.trace === null ? null : (state[3] as Rec);
        const counts: Record<string, number> = {};
        const sq: NamedTensors = {}, ga: NamedTensors = {}, buf: NamedTensors = {};
        for (const n of names) {
          const first = ts !== null && ts.count[n] === 0;
          const attrs = { ...common(n), alpha, eps, centered, momentum: p.trace?.momentum ?? 0, first };
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, squareAvg: s.squareAvg[n], ...param(n) };
          if (centered) ins.gradAvg = s.gradAvg[n];
          if (ts !== null && !first) ins.buf = ts.trace[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          sq[n] = out[1]!;
          if (centered) ga[n] = out[2]!;
          if (ts !== null) {
            buf[n] = out[centered ? 3 : 2]!;
            counts[n] = (ts.count[n] as number) + 1;
          }
        }
        next[2] = { squareAvg: sq, gradAvg: centered ? ga : null };
        if (ts !== null) next[3] = { count: counts, trace: buf };
      } else {
        const s = state[2] as Rec;
        const sum: NamedTensors = {};
        for (const n of names) {
          const out = run(p.kernel, { grad: grads[n]!, sum: s.sum[n], ...param(n) }, { ...common(n), eps: p.rss.eps });
          updates[n] = out[0]!;
          sum[n] = out[1]!;
        }
        next[2] = { sum };
      }
      next[3 + k] = o.lrDecay === undefined ? { count: count + 1 } : { lr: { count: count + 1 }, step };
      return { updates, state: next };
    },
  };
}
