// The default recipe's training step through @dl/train's fit: dl-train's CNN (conv-BN-ReLU-pool x2,
// dropout, dense 128, dense 10), SGD Nesterov 0.9 + weight decay 5e-4 under one-cycle, batch 128,
// flip + pad-2 crop. Random images (speed does not depend on pixel values).
//
//   node bench/train/recipe.mjs [--backend wasm] [--threads n] [--batches 30] [--profile]
//
// Prints samples/s of the epoch after a warm-up epoch; --profile adds the time per kernel.
import { tf, useBackend } from '@dl/core';
import { kaimingNormal, zeros } from '@dl/init';
import { batchNorm2d, conv2d, dense, dropout, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { compose, randomCrop, randomHorizontalFlip } from '@dl/augment';
import { fit } from '@dl/train';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] != null ? args[i + 1] : fallback;
};
const backend = opt('backend', 'wasm');
const threads = opt('threads', undefined);
const batches = Number(opt('batches', '30'));
const BATCH = 128;

export function recipeModel(seed = 0) {
  const kaiming = (shape, o) => kaimingNormal(shape, { ...o, nonlinearity: 'relu' });
  const he = { kernelInitializer: kaiming, biasInitializer: (s) => zeros(s) };
  return sequential(
    conv2d(1, 32, 3, { padding: 1, ...he, seed: seed + 1 }), batchNorm2d(32), relu, maxPool2d(2),
    conv2d(32, 64, 3, { padding: 1, ...he, seed: seed + 2 }), batchNorm2d(64), relu, maxPool2d(2),
    dropout(0.25), flatten(),
    dense(7 * 7 * 64, 128, { ...he, seed: seed + 3 }), relu, dropout(0.5),
    dense(128, 10, { seed: seed + 4 }),
  );
}

/** Samples/s of one epoch of `batches` batches through fit, after one warm-up epoch. */
export async function measureRecipe({ batches: n = 30, profile = false } = {}) {
  const model = recipeModel();
  const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }), model.parameters());
  const x = tf.randomNormal([n * BATCH, 28, 28, 1]);
  const y = tf.randomUniform([n * BATCH], 0, 10, 'int32');
  const augment = compose([randomHorizontalFlip(), randomCrop({ size: 28, padding: 2, fill: -0.8 })]);
  const run = (epochs) =>
    fit({ model, optimizer, data: { x, y }, epochs, batchSize: BATCH, augment, schedule: oneCycle({ maxLr: 0.1, totalSteps: epochs * n }), rng: 0, logEvery: 20 });
  try {
    await run(1);
    const times = profile ? wrapKernels() : undefined;
    const { history } = await run(1);
    times?.restore();
    return { samplesPerSec: history.epochs[0].samplesPerSecond, kernels: times?.byKernel };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose?.();
    model.dispose?.();
  }
}

function wrapKernels() {
  const byKernel = new Map();
  const name = tf.getBackend();
  const wrapped = [];
  // Kernels called by kernels (a conv gradient's matmul) count in their caller only.
  let depth = 0;
  const top = { ms: 0 };
  for (const k of tf.getKernelsForBackend(name)) {
    const f = k.kernelFunc;
    wrapped.push([k, f]);
    k.kernelFunc = (a) => {
      if (depth > 0) return f(a);
      depth++;
      const t0 = performance.now();
      try {
        return f(a);
      } finally {
        depth--;
        const ms = performance.now() - t0;
        const e = byKernel.get(k.kernelName) ?? { ms: 0, calls: 0 };
        e.ms += ms;
        e.calls++;
        byKernel.set(k.kernelName, e);
        top.ms += ms;
      }
    };
  }
  return { byKernel, top, restore: () => wrapped.forEach(([k, f]) => (k.kernelFunc = f)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await useBackend(backend, threads ? { threads: Number(threads) } : {});
  const { samplesPerSec, kernels } = await measureRecipe({ batches, profile: args.includes('--profile') });
  console.log(`recipe through fit on ${backend}: ${samplesPerSec.toFixed(0)} samples/s (${(1000 * BATCH / samplesPerSec).toFixed(1)} ms/step)`);
  if (kernels) {
    const total = [...kernels.values()].reduce((s, e) => s + e.ms, 0);
    console.log(`  kernels ${(total / batches).toFixed(1)} ms/step of ${(1000 * BATCH / samplesPerSec).toFixed(1)} (the rest: JavaScript between kernels)`);
    for (const [k, e] of [...kernels].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`  ${k.padEnd(26)} ${(e.ms / batches).toFixed(2).padStart(7)} ms/step  ${(e.calls / batches).toFixed(0).padStart(4)} calls`);
    }
  }
}
