// Step time of every @dl/optim optimizer against tf.train.* and a plain Float32Array loop,
// side by side in one run, for 1 x 1M and 100 x 10k parameters on cpu and wasm; for the
// optimizers with fused kernels (@dl/kernels' DlAdamStep, ...), fused and composed side by side
// (on wasm only SGD's and Adam's are registered by default, native SIMD loops; RMSprop's and
// Adagrad's are opt-in JavaScript loops, registered here for the fused column only).
// Usage: node bench/optim/run.mjs [--backends cpu,wasm] [--steps 5] [--only adam,sgd]
import { tf, useBackend } from '@dl/core';
import * as optim from '@dl/optim';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const BACKENDS = arg('backends', 'cpu,wasm').split(',');
const STEPS = Number(arg('steps', '5'));
const ONLY = arg('only', '')?.split(',').filter(Boolean);
// wasm's RMSprop and Adagrad kernels are opt-in (slower than XNNPACK's composed ops): registered here to time them.
const kernels = await import(new URL('../../packages/kernels/dist/index.js', import.meta.url).href);
const WASM_STEPS = [kernels.rmspropStepWasm, kernels.adagradStepWasm];
const WASM_DEFAULT = new Set(['sgd', 'sgd momentum', 'adam', 'adamw']);
const FUSED = new Set(['sgd', 'sgd momentum', 'adagrad', 'rmsprop', 'adam', 'adamw']);
const LAYOUTS = [
  { name: '1 x 1M', count: 1, size: 1_000_000 },
  { name: '100 x 10k', count: 100, size: 10_000 },
];

// Each case: our transform, the tf.train equivalent (or null), and the same update as a plain loop.
const CASES = {
  sgd: { ours: () => optim.sgd({ lr: 0.01 }), tf: () => tf.train.sgd(0.01), loop: sgdLoop(0.01, 0) },
  'sgd momentum': { ours: () => optim.sgd({ lr: 0.01, momentum: 0.9 }), tf: () => tf.train.momentum(0.01, 0.9), loop: sgdLoop(0.01, 0.9) },
  adagrad: { ours: () => optim.adagrad({ lr: 0.01, initialAccumulatorValue: 0.1 }), tf: () => tf.train.adagrad(0.01, 0.1), loop: adagradLoop(0.01) },
  rmsprop: { ours: () => optim.rmsprop({ lr: 0.01, alpha: 0.9 }), tf: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-8), loop: rmspropLoop(0.01, 0.9) },
  adadelta: { ours: () => optim.adadelta({ lr: 1 }), tf: () => tf.train.adadelta(1, 0.9, 1e-6), loop: adadeltaLoop(1, 0.9) },
  adam: { ours: () => optim.adam({ lr: 1e-3 }), tf: () => tf.train.adam(1e-3), loop: adamLoop(1e-3, 0, false) },
  adamw: { ours: () => optim.adamw({ lr: 1e-3 }), tf: null, loop: adamLoop(1e-3, 1e-2, true) },
  adamax: { ours: () => optim.adamax({ lr: 2e-3 }), tf: () => tf.train.adamax(2e-3), loop: adamaxLoop(2e-3) },
  nadam: { ours: () => optim.nadam(), tf: null, loop: nadamLoop(2e-3) },
  radam: { ours: () => optim.radam(), tf: null, loop: radamLoop(1e-3) },
};

function sgdLoop(lr, m) {
  return (p, g, s) => {
    const b = (s.b ??= new Float32Array(p.length));
    const first = s.t === undefined;
    s.t = 1;
    for (let i = 0; i < p.length; i++) {
      if (m === 0) p[i] -= lr * g[i];
      else {
        b[i] = first ? g[i] : m * b[i] + g[i];
        p[i] -= lr * b[i];
      }
    }
  };
}
function adagradLoop(lr) {
  return (p, g, s) => {
    const a = (s.a ??= new Float32Array(p.length).fill(0.1));
    for (let i = 0; i < p.length; i++) {
      a[i] += g[i] * g[i];
      p[i] -= (lr * g[i]) / (Math.sqrt(a[i]) + 1e-10);
    }
  };
}
function rmspropLoop(lr, alpha) {
  return (p, g, s) => {
    const v = (s.v ??= new Float32Array(p.length));
    for (let i = 0; i < p.length; i++) {
      v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i];
      p[i] -= (lr * g[i]) / (Math.sqrt(v[i]) + 1e-8);
    }
  };
}
function adadeltaLoop(lr, rho) {
  return (p, g, s) => {
    const v = (s.v ??= new Float32Array(p.length));
    const u = (s.u ??= new Float32Array(p.length));
    for (let i = 0; i < p.length; i++) {
      v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
      const d = (Math.sqrt(u[i] + 1e-6) / Math.sqrt(v[i] + 1e-6)) * g[i];
      u[i] = rho * u[i] + (1 - rho) * d * d;
      p[i] -= lr * d;
    }
  };
}
function adamLoop(lr, wd, decoupled) {
  return (p, g, s) => {
    const m = (s.m ??= new Float32Array(p.length));
    const v = (s.v ??= new Float32Array(p.length));
    s.t = (s.t ?? 0) + 1;
    const bc1 = 1 - 0.9 ** s.t;
    const bc2 = Math.sqrt(1 - 0.999 ** s.t);
    for (let i = 0; i < p.length; i++) {
      if (decoupled) p[i] *= 1 - lr * wd;
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      p[i] -= ((lr / bc1) * m[i]) / (Math.sqrt(v[i]) / bc2 + 1e-8);
    }
  };
}
function adamaxLoop(lr) {
  return (p, g, s) => {
    const m = (s.m ??= new Float32Array(p.length));
    const u = (s.u ??= new Float32Array(p.length));
    s.t = (s.t ?? 0) + 1;
    const clr = lr / (1 - 0.9 ** s.t);
    for (let i = 0; i < p.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      u[i] = Math.max(0.999 * u[i], Math.abs(g[i]) + 1e-8);
      p[i] -= (clr * m[i]) / u[i];
    }
  };
}
function nadamLoop(lr) {
  return (p, g, s) => {
    const m = (s.m ??= new Float32Array(p.length));
    const v = (s.v ??= new Float32Array(p.length));
    s.t = (s.t ?? 0) + 1;
    s.mp = s.mp ?? 1;
    const mu = 0.9 * (1 - 0.5 * 0.96 ** (s.t * 4e-3));
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** ((s.t + 1) * 4e-3));
    s.mp *= mu;
    const a = (lr * (1 - mu)) / (1 - s.mp);
    const b = (lr * mu1) / (1 - s.mp * mu1);
    const bc2 = Math.sqrt(1 - 0.999 ** s.t);
    for (let i = 0; i < p.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const d = Math.sqrt(v[i]) / bc2 + 1e-8;
      p[i] -= (a * g[i] + b * m[i]) / d;
    }
  };
}
function radamLoop(lr) {
  return (p, g, s) => {
    const m = (s.m ??= new Float32Array(p.length));
    const v = (s.v ??= new Float32Array(p.length));
    s.t = (s.t ?? 0) + 1;
    const bc1 = 1 - 0.9 ** s.t;
    const bc2 = 1 - 0.999 ** s.t;
    const rhoInf = 2 / (1 - 0.999) - 1;
    const rho = rhoInf - (2 * s.t * 0.999 ** s.t) / bc2;
    const rect = rho > 5 ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    for (let i = 0; i < p.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const mh = m[i] / bc1;
      p[i] -= rho > 5 ? ((lr * mh * Math.sqrt(bc2)) / (Math.sqrt(v[i]) + 1e-8)) * rect : lr * mh;
    }
  };
}

const now = () => performance.now();
let uid = 0;

function makeVars(layout) {
  return tf.tidy(() =>
    Array.from({ length: layout.count }, (_, i) => tf.variable(tf.randomUniform([layout.size], -1, 1, 'float32', i), true, `bench_${uid++}`)),
  );
}
function makeGrads(layout) {
  return tf.tidy(() => Array.from({ length: layout.count }, (_, i) => tf.randomUniform([layout.size], -1, 1, 'float32', 1000 + i)));
}

async function timeOurs(make, layout, fused) {
  const previous = optim.setFusedKernels(fused);
  try {
    return await timeOursNow(make, layout);
  } finally {
    optim.setFusedKernels(previous);
  }
}

async function timeOursNow(make, layout) {
  const before = tf.memory().numTensors;
  const vars = makeVars(layout);
  const gl = makeGrads(layout);
  const named = Object.fromEntries(vars.map((v, i) => [`p${i}`, v]));
  const grads = Object.fromEntries(gl.map((g, i) => [`p${i}`, g]));
  const opt = new optim.Optimizer(make(), named);
  await opt.step(grads); // warm-up (and kernel setup)
  await vars[0].data();
  const t0 = now();
  for (let i = 0; i < STEPS; i++) await opt.step(grads);
  await vars.at(-1).data();
  const ms = (now() - t0) / STEPS;
  opt.dispose();
  tf.dispose([...vars, ...gl]);
  if (tf.memory().numTensors !== before) throw new Error(`@dl/optim leaked ${tf.memory().numTensors - before} tensors`);
  return ms;
}

async function timeTfTrain(make, layout) {
  const vars = makeVars(layout);
  const gl = makeGrads(layout);
  const grads = Object.fromEntries(gl.map((g, i) => [vars[i].name, g]));
  const opt = make();
  opt.applyGradients(grads);
  await vars[0].data();
  const t0 = now();
  for (let i = 0; i < STEPS; i++) opt.applyGradients(grads);
  await vars.at(-1).data();
  const ms = (now() - t0) / STEPS;
  opt.dispose(); // (tf.train.momentum's dispose() leaves its momentum scalar behind: a tfjs-core leak)
  tf.dispose([...vars, ...gl]);
  return ms;
}

function timeLoop(step, layout) {
  const ps = Array.from({ length: layout.count }, () => Float32Array.from({ length: layout.size }, () => Math.random() * 2 - 1));
  const gs = Array.from({ length: layout.count }, () => Float32Array.from({ length: layout.size }, () => Math.random() * 2 - 1));
  const states = ps.map(() => ({}));
  for (let j = 0; j < ps.length; j++) step(ps[j], gs[j], states[j]);
  const t0 = now();
  for (let i = 0; i < STEPS; i++) for (let j = 0; j < ps.length; j++) step(ps[j], gs[j], states[j]);
  return (now() - t0) / STEPS;
}

const fmt = (x) => (x === null ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a, b) => (b === null ? '—' : `${(a / b).toFixed(2)}x`);

console.log(`@dl/optim step time, ms per step (mean of ${STEPS} after one warm-up); fused = one kernel per variable, composed = tfjs-core ops;`);
console.log('"vs" ratios = ours (what @dl/optim runs by default: fused on cpu, on wasm fused for SGD and Adam, composed for the rest) / other; speedup = composed / fused');
for (const backend of BACKENDS) {
  await useBackend(backend);
  if (backend === 'wasm') for (const k of WASM_STEPS) if (!tf.getKernel(k.kernelName, 'wasm')) tf.registerKernel(k);
  for (const layout of LAYOUTS) {
    console.log(`\n${backend}, ${layout.name} parameters`);
    console.log(['optimizer', 'fused', 'composed', 'speedup', 'tf.train', 'vs tf.train', 'f32 loop', 'vs loop'].map((s, i) => (i === 0 ? s.padEnd(14) : s.padStart(12))).join(''));
    const hasFused = optim.fusedKernels().length > 0;
    for (const [name, c] of Object.entries(CASES)) {
      if (ONLY.length > 0 && !ONLY.includes(name)) continue;
      const fused = hasFused && FUSED.has(name) ? await timeOurs(c.ours, layout, true) : null;
      const composed = await timeOurs(c.ours, layout, false);
      const ours = backend === 'wasm' && !WASM_DEFAULT.has(name) ? composed : fused ?? composed;
      const ref = c.tf ? await timeTfTrain(c.tf, layout) : null;
      const loop = timeLoop(c.loop, layout);
      const row = [fmt(fused), fmt(composed), fused === null ? '—' : ratio(composed, fused), fmt(ref), ratio(ours, ref), fmt(loop), ratio(ours, loop)];
      console.log([name.padEnd(14), ...row.map((s) => s.padStart(12))].join(''));
    }
  }
}
