// Fused optimizer steps: one backend kernel per step and variable in place of the
// composed ops, for torchShape chains whose preconditioner a kernel covers. The
// kernels ('DlAdamStep', 'DlSgdStep', 'DlRmspropStep', 'DlAdagradStep') come from
// @dl/kernels, registered for cpu by @dl/core's useBackend (wasm's are opt-in there), and
// from webgl-kernels.ts for webgl; they are looked up by name, so other backends (wasm,
// webgpu) simply keep the composed path.
import { scheduleValue, tf } from '@dl/core';
import type { NamedTensors, ScalarOrSchedule } from '@dl/core';
import type { GradientTransformation, StateValue, TransformResult } from '../types.js';
import { registerWebglKernels } from './webgl-kernels.js';

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
  if (backend === 'webgl') registerWebglKernels();
  return tf.getKernel(kernelName, backend) !== undefined;
}

interface Shape {
  lr: ScalarOrSchedule;
  weightDecay: number;
  maximize: boolean;
  decoupled: boolean;
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
      const lrState = state[3 + k] as Rec;
      const lr = scheduleValue(o.lr, lrState.count as number, 'scaleByLearningRate: lr');
      const common = { lr, weightDecay: o.weightDecay, maximize: o.maximize };
      const param = (n: string): Record<string, tf.Tensor> => (needP ? { param: params![n]! } : {});
      const updates: NamedTensors = {};
      const next = state.slice();
      next[3 + k] = { count: (lrState.count as number) + 1 };
      if (p.kernel === 'DlAdamStep') {
        const s = state[2] as Rec;
        const t = (s.count as number) + 1;
        const { beta1, beta2, eps, amsgrad } = p.adam;
        const attrs = { ...common, beta1, beta2, eps, amsgrad, decoupled: o.decoupled, biasCorrection1: 1 - beta1 ** t, biasCorrection2Sqrt: Math.sqrt(1 - beta2 ** t) };
        const mu: NamedTensors = {}, nu: NamedTensors = {}, nuMax: NamedTensors = {};
        for (const n of names) {
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, m: s.mu[n], v: s.nu[n], ...param(n) };
          if (amsgrad) ins.vMax = s.nuMax[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          mu[n] = out[1]!;
          nu[n] = out[2]!;
          if (amsgrad) nuMax[n] = out[3]!;
        }
        next[2] = { count: t, mu, nu, nuMax: amsgrad ? nuMax : null };
      } else if (p.kernel === 'DlSgdStep') {
        const tr = p.trace;
        const s = tr === null ? null : (state[2] as Rec);
        const attrs = { ...common, momentum: tr?.momentum ?? 0, dampening: tr?.dampening ?? 0, nesterov: tr?.nesterov ?? false, first: s?.count === 0 };
        const buf: NamedTensors = {};
        for (const n of names) {
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, ...param(n) };
          if (s !== null && s.count !== 0) ins.buf = s.trace[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          if (s !== null) buf[n] = out[1]!;
        }
        if (s !== null) next[2] = { count: (s.count as number) + 1, trace: buf };
      } else if (p.kernel === 'DlRmspropStep') {
        const { alpha, eps, centered } = p.rms;
        const s = state[2] as Rec;
        const ts = p.trace === null ? null : (state[3] as Rec);
        const attrs = { ...common, alpha, eps, centered, momentum: p.trace?.momentum ?? 0, first: ts?.count === 0 };
        const sq: NamedTensors = {}, ga: NamedTensors = {}, buf: NamedTensors = {};
        for (const n of names) {
          const ins: Record<string, tf.Tensor> = { grad: grads[n]!, squareAvg: s.squareAvg[n], ...param(n) };
          if (centered) ins.gradAvg = s.gradAvg[n];
          if (ts !== null && ts.count !== 0) ins.buf = ts.trace[n];
          const out = run(p.kernel, ins, attrs);
          updates[n] = out[0]!;
          sq[n] = out[1]!;
          if (centered) ga[n] = out[2]!;
          if (ts !== null) buf[n] = out[centered ? 3 : 2]!;
        }
        next[2] = { squareAvg: sq, gradAvg: centered ? ga : null };
        if (ts !== null) next[3] = { count: (ts.count as number) + 1, trace: buf };
      } else {
        const s = state[2] as Rec;
        const attrs = { ...common, eps: p.rss.eps };
        const sum: NamedTensors = {};
        for (const n of names) {
          const out = run(p.kernel, { grad: grads[n]!, sum: s.sum[n], ...param(n) }, attrs);
          updates[n] = out[0]!;
          sum[n] = out[1]!;
        }
        next[2] = { sum };
      }
      return { updates, state: next };
    },
  };
}
