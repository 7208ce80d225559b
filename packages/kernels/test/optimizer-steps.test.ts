// The fused optimizer steps against the same arithmetic composed from tfjs-core ops
// (the order @dl/optim's transforms use), on cpu and wasm, over several steps.
// (wasm: the kernels are tested here but not registered by registerTrainingKernels, see README)
// Tolerance: rtol 1e-6 (a few float32 ulps); measured: bit-identical on cpu and wasm (rtol 0 passes).
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, rand, setup, tf } from './helpers.js';
import { adagradStepWasm, adamStepWasm, rmspropStepWasm, sgdStepWasm } from '../src/index.js';

beforeAll(async () => {
  await setup();
  // opt-in on wasm (registerTrainingKernels leaves them out)
  for (const k of [adamStepWasm, sgdStepWasm, rmspropStepWasm, adagradStepWasm]) if (tf.getKernel(k.kernelName, 'wasm') === undefined) tf.registerKernel(k);
});

type T = tf.Tensor;
const ema = (avg: T, x: T, d: number) => tf.add(tf.mul(avg, d), tf.mul(x, 1 - d));
const emaSq = (avg: T, x: T, d: number) => tf.add(tf.mul(avg, d), tf.mul(tf.mul(x, x), 1 - d));
const axpy = (a: T, b: T, alpha: number) => (alpha === 1 ? tf.add(a, b) : tf.add(a, tf.mul(b, alpha)));
function prep(g: T, p: T, maximize: boolean, wd: number): T {
  if (maximize) g = tf.mul(g, -1);
  return wd !== 0 ? axpy(g, p, wd) : g;
}

function closeArrays(a: Float32Array, b: Float32Array, rtol = 1e-6): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-30 + Math.abs(b[i]!)));
  expect(worst).toBeLessThanOrEqual(rtol);
}

const SHAPE = [7, 13];
const N = 91;
const run = (name: string, inputs: Record<string, T>, attrs: object) => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as T[];

/** Runs `steps` steps of the fused kernel and of the composed ops from the same start, comparing every output each step. */
async function compare(
  backend: string,
  steps: number,
  init: Record<string, Float32Array>,
  fused: (t: number, grad: T, param: T, s: Record<string, T>) => Record<string, T | undefined>,
  composed: (t: number, grad: T, param: T, s: Record<string, T>) => Record<string, T | undefined>,
): Promise<void> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const param = tf.tensor(rand(N, 1), SHAPE);
  let a: Record<string, T> = {};
  let b: Record<string, T> = {};
  for (const [k, v] of Object.entries(init)) {
    a[k] = tf.tensor(v, SHAPE);
    b[k] = tf.tensor(v, SHAPE);
  }
  for (let t = 1; t <= steps; t++) {
    const grad = tf.tensor(rand(N, 10 + t), SHAPE);
    const na = tf.tidy(() => fused(t, grad, param, a) as Record<string, T>);
    const nb = tf.tidy(() => composed(t, grad, param, b) as Record<string, T>);
    expect(Object.keys(na).sort()).toEqual(Object.keys(nb).sort());
    for (const k of Object.keys(nb)) closeArrays(na[k]!.dataSync() as Float32Array, nb[k]!.dataSync() as Float32Array);
    tf.dispose([grad, a, b] as unknown as tf.TensorContainer);
    a = na;
    b = nb;
  }
  tf.dispose([param, a, b] as unknown as tf.TensorContainer);
  expect(tf.memory().numTensors).toBe(before);
}

const zeros = () => new Float32Array(N);

for (const backend of BACKENDS) {
  describe(`fused optimizer steps [${backend}]`, () => {
    const adamCases = [
      { weightDecay: 0, decoupled: false, maximize: false, amsgrad: false },
      { weightDecay: 0.1, decoupled: false, maximize: true, amsgrad: true },
      { weightDecay: 0.01, decoupled: true, maximize: false, amsgrad: false },
      { weightDecay: 1, decoupled: true, maximize: true, amsgrad: true },
    ];
    for (const o of adamCases) {
      it(`DlAdamStep ${JSON.stringify(o)}`, async () => {
        const [b1, b2, eps, lr] = [0.9, 0.999, 1e-8, 1e-3];
        const attrs = (t: number) => ({ lr, beta1: b1, beta2: b2, eps, biasCorrection1: 1 - b1 ** t, biasCorrection2Sqrt: Math.sqrt(1 - b2 ** t), ...o });
        const init: Record<string, Float32Array> = o.amsgrad ? { m: zeros(), v: zeros(), vMax: zeros() } : { m: zeros(), v: zeros() };
        await compare(
          backend,
          6,
          init,
          (t, grad, param, s) => {
            const out = run('DlAdamStep', { grad, param, ...s }, attrs(t));
            return o.amsgrad ? { u: out[0]!, m: out[1]!, v: out[2]!, vMax: out[3]! } : { u: out[0]!, m: out[1]!, v: out[2]! };
          },
          (t, grad, param, s) => {
            const g = prep(grad, param, o.maximize, o.decoupled ? 0 : o.weightDecay);
            const m = ema(s.m!, g, b1);
            const v = emaSq(s.v!, g, b2);
            const vMax = o.amsgrad ? tf.maximum(s.vMax!, v) : v;
            const denom = tf.add(tf.div(tf.sqrt(vMax), Math.sqrt(1 - b2 ** t)), eps);
            let u = tf.div(tf.div(m, denom), 1 - b1 ** t);
            if (o.decoupled && o.weightDecay !== 0) u = axpy(u, param, o.weightDecay);
            u = tf.mul(u, -lr);
            return o.amsgrad ? { u, m, v, vMax } : { u, m, v };
          },
        );
      });
    }

    const sgdCases = [
      { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false },
      { momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 1e-2, maximize: false },
      { momentum: 0.9, dampening: 0.3, nesterov: false, weightDecay: 0, maximize: true },
      { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.5, maximize: false },
      { momentum: 1, dampening: 0, nesterov: true, weightDecay: 1, maximize: true },
    ];
    for (const o of sgdCases) {
      it(`DlSgdStep ${JSON.stringify(o)}`, async () => {
        const lr = 0.05;
        await compare(
          backend,
          5,
          o.momentum > 0 ? { buf: zeros() } : {},
          (t, grad, param, s) => {
            const out = run('DlSgdStep', { grad, param, ...s }, { lr, ...o, first: t === 1 });
            const r: Record<string, T> = { u: out[0]! };
            if (o.momentum > 0) r.buf = out[1]!;
            return r;
          },
          (t, grad, param, s) => {
            const g = prep(grad, param, o.maximize, o.weightDecay);
            if (o.momentum === 0) return { u: tf.mul(g, -lr) };
            const buf = t === 1 ? tf.clone(g) : axpy(tf.mul(s.buf!, o.momentum), g, 1 - o.dampening);
            const d = o.nesterov ? axpy(g, buf, o.momentum) : buf;
            return { u: tf.mul(d, -lr), buf };
          },
        );
      });
    }

    const rmsCases = [
      { centered: false, momentum: 0, weightDecay: 0, maximize: false },
      { centered: true, momentum: 0, weightDecay: 0.1, maximize: false },
      { centered: false, momentum: 0.9, weightDecay: 0, maximize: true },
      { centered: true, momentum: 0.5, weightDecay: 1e-3, maximize: true },
    ];
    for (const o of rmsCases) {
      it(`DlRmspropStep ${JSON.stringify(o)}`, async () => {
        const [lr, alpha, eps] = [0.01, 0.99, 1e-8];
        const init: Record<string, Float32Array> = { squareAvg: zeros() };
        if (o.centered) init.gradAvg = zeros();
        if (o.momentum > 0) init.buf = zeros();
        await compare(
          backend,
          5,
          init,
          (t, grad, param, s) => {
            const out = run('DlRmspropStep', { grad, param, ...s }, { lr, alpha, eps, ...o, first: t === 1 });
            const r: Record<string, T> = { u: out[0]!, squareAvg: out[1]! };
            let k = 2;
            if (o.centered) r.gradAvg = out[k++]!;
            if (o.momentum > 0) r.buf = out[k]!;
            return r;
          },
          (t, grad, param, s) => {
            const g = prep(grad, param, o.maximize, o.weightDecay);
            const sq = emaSq(s.squareAvg!, g, alpha);
            const r: Record<string, T> = { squareAvg: sq };
            let v = sq;
            if (o.centered) {
              const m = ema(s.gradAvg!, g, alpha);
              r.gradAvg = m;
              v = tf.sub(sq, tf.mul(m, m));
            }
            let d = tf.div(g, tf.add(tf.sqrt(v), eps));
            if (o.momentum > 0) d = r.buf = t === 1 ? tf.clone(d) : axpy(tf.mul(s.buf!, o.momentum), d, 1);
            r.u = tf.mul(d, -lr);
            return r;
          },
        );
      });
    }

    for (const o of [
      { weightDecay: 0, maximize: false, init: 0 },
      { weightDecay: 0.1, maximize: true, init: 0.1 },
    ]) {
      it(`DlAdagradStep ${JSON.stringify(o)}`, async () => {
        const eps = 1e-10;
        const lrAt = (t: number) => 0.01 / (1 + (t - 1) * 0.01);
        await compare(
          backend,
          5,
          { sum: new Float32Array(N).fill(o.init) },
          (t, grad, param, s) => {
            const out = run('DlAdagradStep', { grad, param, ...s }, { lr: lrAt(t), eps, weightDecay: o.weightDecay, maximize: o.maximize });
            return { u: out[0]!, sum: out[1]! };
          },
          (t, grad, param, s) => {
            const g = prep(grad, param, o.maximize, o.weightDecay);
            const sum = tf.add(s.sum!, tf.mul(g, g));
            return { u: tf.mul(tf.div(g, tf.add(tf.sqrt(sum), eps)), -lrAt(t)), sum };
          },
        );
      });
    }

    it('rejects non-float32 inputs', async () => {
      await tf.setBackend(backend);
      const g = tf.tensor([1, 2], [2], 'int32');
      const s = tf.zeros([2]);
      expect(() => run('DlAdagradStep', { grad: g, sum: s }, { lr: 0.1, eps: 1e-10, weightDecay: 0, maximize: false })).toThrow(TypeError);
      tf.dispose([g, s]);
    });
  });
}
