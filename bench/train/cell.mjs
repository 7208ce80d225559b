// One cell of bench/train's table, in its own process (the wasm thread count is fixed when the
// backend starts): prints one JSON line.
//
//   node bench/train/cell.mjs --what recipe|mlp|cnn|peak --backend wasm|cpu [--threads n] [--stock] [--batches n]
//
// recipe: dl-train's default recipe through @dl/train's fit (bench/train/recipe.mjs).
// mlp, cnn: tfjs-layers model.fit + tf.train.adam, as a tfjs-layers user trains.
// peak: the backend's float32 matmul rate on 1024^3 (GFLOP/s), the ceiling the rows are held to.
// --stock: TF.js as it ships (tfjs's own kernels; on wasm in Node, one thread).
import { tf, useBackend } from '@dl/core';
import { unregisterTrainingKernels } from '@dl/kernels';
import * as tfl from '@tensorflow/tfjs-layers';
import { measureRecipe } from './recipe.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] != null ? args[i + 1] : fallback;
};
const what = opt('what', 'recipe');
const backend = opt('backend', 'wasm');
const stock = args.includes('--stock');
const threads = stock && backend === 'wasm' ? 1 : opt('threads', undefined);
const BATCH = 128;

await useBackend(backend, {
  ...(threads !== undefined ? { threads: Number(threads) } : {}),
  ...(stock ? { trainingKernels: false } : {}),
});
if (stock) unregisterTrainingKernels(backend);
const usedThreads = backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1;

const layersModels = {
  // conv3x3(32) relu, maxpool2, conv3x3(64) relu, maxpool2, dense 10.
  cnn: () => {
    const m = tfl.sequential();
    m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: 10 }));
    return m;
  },
  mlp: () => {
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }));
    m.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
    m.add(tfl.layers.dense({ units: 10 }));
    return m;
  },
};
const inputShape = { cnn: [28, 28, 1], mlp: [784] };

/**
 * Samples/s of model.fit over `batches` batches, after a warm-up fit of one batch. A warm-up
 * step over 20 s (stock TF.js's CNN on cpu: about a minute) is itself the measurement.
 */
async function measureLayers(model, batches) {
  const m = layersModels[model]();
  m.compile({ optimizer: tf.train.adam(1e-3), loss: (y, p) => tf.losses.softmaxCrossEntropy(y, p) });
  const data = (n) => tf.tidy(() => [tf.randomNormal([n * BATCH, ...inputShape[model]]), tf.oneHot(tf.randomUniform([n * BATCH], 0, 10, 'int32'), 10)]);
  try {
    let [x, y] = data(1);
    const w0 = performance.now();
    await m.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
    const warm = (performance.now() - w0) / 1000;
    tf.dispose([x, y]);
    if (warm > 20) return BATCH / warm;
    [x, y] = data(batches);
    const t0 = performance.now();
    await m.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose([x, y]);
    return (batches * BATCH) / seconds;
  } finally {
    m.dispose();
  }
}

function peak() {
  const a = tf.randomNormal([1024, 1024]);
  const b = tf.randomNormal([1024, 1024]);
  tf.matMul(a, b).dispose();
  const reps = backend === 'cpu' ? 2 : 10;
  const t0 = performance.now();
  // wasm and cpu compute synchronously: the loop's time is the matmuls'. One readback at the end.
  for (let i = 0; i < reps - 1; i++) tf.matMul(a, b).dispose();
  const last = tf.matMul(a, b);
  last.dataSync();
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b, last]);
  return (2 * 1024 ** 3 * reps) / seconds / 1e9;
}

const batches = Number(opt('batches', '20'));
let result;
if (what === 'recipe') result = { samplesPerSec: (await measureRecipe({ batches })).samplesPerSec };
else if (what === 'peak') result = { gflops: peak() };
else result = { samplesPerSec: await measureLayers(what, batches) };
console.log(JSON.stringify({ what, backend, stock, threads: usedThreads, ...result }));
