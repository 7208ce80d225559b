// Shared test helpers: reference gradients from the stock cpu kernel and from
// central finite differences of the forward op.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { registerTrainingKernels } from '../src/index.js';

export { tf };
export const BACKENDS = ['cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

const NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'AvgPoolGrad',
  'Conv2D',
  'Sum',
  'Mean',
  'BatchMatMul',
  'GatherV2',
];
const stockCpu = new Map<string, tf.KernelConfig>();

/** Grabs the stock cpu kernels, then registers ours on both backends. */
export async function setup(): Promise<void> {
  await tf.setBackend('cpu');
  for (const name of NAMES) {
    const k = tf.getKernel(name, 'cpu');
    if (k != null && !stockCpu.has(name)) stockCpu.set(name, k);
  }
  await tf.setBackend('wasm');
  registerTrainingKernels('cpu');
  registerTrainingKernels('wasm');
}

/** A deterministic pseudo-random array (LCG), values in [-1, 1). */
export function rand(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Distinct values spaced 1/size apart in a shuffled order (no near-ties for max pooling). */
export function distinct(size: number, seed: number): Float32Array {
  const keys = rand(size, seed);
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const out = new Float32Array(size);
  order.forEach((j, rank) => (out[j] = rank / size - 0.5));
  return out;
}

type Inputs = Record<string, { shape: number[]; values: Float32Array }>;

/** Our kernel, through the engine, on `backend`. */
export async function runOurs(backend: Backend, name: string, inputs: Inputs, attrs: object): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape);
    const out = tf.engine().runKernel(name, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

/** The stock cpu kernel grabbed before ours replaced it. */
export async function runStockCpu(name: string, inputs: Inputs, attrs: object): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const backend = tf.backend();
  const kernel = stockCpu.get(name)!;
  return tf.tidy(() => {
    const infos: Record<string, tf.TensorInfo> = {};
    for (const [k, v] of Object.entries(inputs)) infos[k] = tf.tensor(v.values, v.shape);
    const out = kernel.kernelFunc({ inputs: infos, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    const values = backend.readSync(out.dataId) as Float32Array;
    backend.disposeData(out.dataId);
    return Float32Array.from(values);
  });
}

/**
 * d/d(inputs[wrt]) of sum(forward(inputs) * dy), by central differences with
 * step h; the sum is taken in float64 so the only float32 error is the forward's.
 */
export async function finiteDiff(
  backend: Backend,
  forward: (ts: Record<string, tf.Tensor>) => tf.Tensor,
  inputs: Inputs,
  wrt: string,
  dy: Float32Array,
  h: number,
): Promise<Float32Array> {
  await tf.setBackend(backend);
  const base = inputs[wrt]!;
  const loss = (values: Float32Array): number =>
    tf.tidy(() => {
      const ts: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(k === wrt ? values : v.values, v.shape);
      const y = forward(ts).dataSync();
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * dy[i]!;
      return s;
    });
  const grad = new Float32Array(base.values.length);
  const v = Float32Array.from(base.values);
  for (let i = 0; i < v.length; i++) {
    const old = v[i]!;
    v[i] = old + h;
    const up = loss(v);
    v[i] = old - h;
    const down = loss(v);
    v[i] = old;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** |a - e| <= atol + rtol |e| elementwise, reporting the worst element. */
export function expectClose(actual: Float32Array, expected: Float32Array, rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`element ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

export function outputSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
