// The measured table of @dl/ensemble on Fashion-MNIST: single model, EMA, SWA, snapshot ensembles
// (M = 3, 5), TTA (flip, ten crops) and an independent ensemble of 3, over 3 seeds, with one small
// training budget per training run (the ensemble of 3 uses 3x). Run after building:
//   pnpm exec turbo run build --filter=@dl/ensemble... && node packages/ensemble/bench/fashion-mnist.mjs
// Options: --train N (images, default 4000) --test N (default 10000) --epochs E (default 6) --seeds S (default 3) --backend B (default wasm)
// Writes packages/ensemble/bench/fashion-mnist.json and prints the table (mean ± sample std over seeds).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tf, useBackend } from '@dl/core';
import { loadFashionMnist } from '@dl/datasets/node';
import { batchNorm2d, conv2d, dense, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { cosineAnnealing } from '@dl/schedulers';
import { compose, randomCrop, randomHorizontalFlip } from '@dl/augment';
import { evaluate, fit } from '@dl/train';
import { ema, ensemblePredict, evaluateEnsemble, snapshotEnsemble, swa, tta } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const TRAIN = Number(arg('train', 4000));
const EPOCHS = Number(arg('epochs', 6));
const SEEDS = Number(arg('seeds', 3));
const TEST = Number(arg('test', 10000));
const BACKEND = arg('backend', 'wasm');
const BATCH = 64;
const LR = 0.05;

await useBackend(BACKEND);
const train = await loadFashionMnist({ split: 'train', limit: TRAIN, normalize: false });
const test = await loadFashionMnist({ split: 'test', normalize: false, ...(TEST < 10000 ? { limit: TEST } : {}) });
const data = { x: train.images, y: train.labels };
const testData = { x: test.images, y: test.labels };

// A small CNN (two conv + batch-norm blocks), so 18 training runs fit in minutes on 2 cores.
const net = (seed) =>
  sequential(
    conv2d(1, 16, 3, { padding: 1, seed: seed * 10 + 1 }), batchNorm2d(16), relu, maxPool2d(2),
    conv2d(16, 32, 3, { padding: 1, seed: seed * 10 + 2 }), batchNorm2d(32), relu, maxPool2d(2),
    flatten(), dense(7 * 7 * 32, 10, { seed: seed * 10 + 3 }),
  );
const augment = compose([randomHorizontalFlip(), randomCrop({ size: 28, padding: 2 })]);
const stepsPerEpoch = Math.ceil(TRAIN / BATCH);
const totalSteps = EPOCHS * stepsPerEpoch;

async function run(seed, { schedule = cosineAnnealing({ lr: LR, tMax: totalSteps }), callbacks = [] } = {}) {
  const model = net(seed);
  const optimizer = new Optimizer(sgd({ lr: LR, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }), model.parameters());
  const t0 = performance.now();
  await fit({ model, optimizer, data, epochs: EPOCHS, batchSize: BATCH, augment, rng: seed, schedule, callbacks, logEvery: 1000 });
  optimizer.dispose();
  return { model, seconds: (performance.now() - t0) / 1000 };
}
const acc = async (model) => (await evaluate(model, testData)).accuracy;
const accOf = async (probs) => {
  const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), test.labels), 'float32')));
  const v = (await hits.data())[0];
  hits.dispose();
  return v / test.labels.shape[0];
};

const rows = {};
const put = (name, seed, value) => {
  (rows[name] ??= [])[seed] = value;
  console.log(`  seed ${seed} ${name}: ${(100 * value).toFixed(2)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
};
const started = performance.now();
let trainSeconds = 0;
for (let s = 0; s < SEEDS; s++) {
  // 1. single model, with an EMA riding along (it does not change training) and TTA on the result
  const emaCb = ema({ decay: 0.99, warmup: 'timm', loadAtEnd: false });
  const single = await run(s, { callbacks: [emaCb] });
  trainSeconds += single.seconds;
  put('single model', s, await acc(single.model));
  const w = emaCb.averagedWeights();
  const emaAcc = await evaluateEnsemble([w], testData, { model: single.model });
  put('EMA (decay 0.99, timm warm-up)', s, emaAcc.ensemble.accuracy);
  tf.dispose(w);
  emaCb.dispose();
  for (const [name, opts] of [['TTA flip', { views: 'flip' }], ['TTA ten-crop (pad 2)', { views: 'ten-crop', padding: 2 }], ['TTA flip, fastai beta 0.25', { views: 'flip', beta: 0.25 }]]) {
    const p = tta(single.model, test.images, opts);
    put(name, s, await accOf(p));
    p.dispose();
  }
  // 2. SWA: the same cosine to epoch 3, then SWALR to 0.01 over 1 epoch, averaged at the end of epochs 4-6
  const swaCb = swa({ start: Math.max(1, EPOCHS - 2), lr: 0.01, annealEpochs: 1, bnData: train.images, batchSize: 256 });
  const swaRun = await run(s, { callbacks: [swaCb] });
  trainSeconds += swaRun.seconds;
  put('SWA (last 3 epochs, lr 0.01)', s, await acc(swaRun.model));
  swaCb.dispose();
  swaRun.model.dispose();
  // 3. snapshot ensembles: the same budget in M cosine cycles, prediction = mean of the M snapshots
  for (const M of [3, 5]) {
    const snap = snapshotEnsemble({ cycles: M, lr: LR });
    const r = await run(s, { callbacks: [snap] });
    trainSeconds += r.seconds;
    put(`snapshot ensemble M=${M} (last snapshot alone)`, s, await acc(r.model));
    const e = await evaluateEnsemble(snap.members(), testData, { model: r.model });
    put(`snapshot ensemble M=${M}`, s, e.ensemble.accuracy);
    r.model.dispose();
  }
  // 4. an independent ensemble of 3 (3x the budget): this seed's single model and two more
  const others = [];
  for (const k of [1, 2]) {
    const r = await run(s + 100 * k);
    trainSeconds += r.seconds;
    others.push(r.model);
  }
  const e3 = await evaluateEnsemble([single.model, ...others], testData);
  put('independent ensemble of 3 (3x budget)', s, e3.ensemble.accuracy);
  const p = ensemblePredict([single.model, ...others], test.images, { merge: 'vote' });
  put('independent ensemble of 3, vote (3x budget)', s, await accOf(p));
  p.dispose();
  for (const m of [single.model, ...others]) m.dispose();
  console.log(`seed ${s} done after ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const stats = (v) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
};
const base = stats(rows['single model']).mean;
const table = Object.entries(rows).map(([name, v]) => ({ name, values: v, ...stats(v), gain: stats(v).mean - base }));
console.log(`\nFashion-MNIST, ${TRAIN} training images, ${EPOCHS} epochs of batch ${BATCH} per run, ${TEST} test images, ${SEEDS} seeds, ${BACKEND}`);
console.log('| variant | test accuracy (mean ± std) | vs single |\n| --- | --- | --- |');
for (const r of table) console.log(`| ${r.name} | ${(100 * r.mean).toFixed(2)} ± ${(100 * r.sd).toFixed(2)} | ${r.name === 'single model' ? '' : `${r.gain >= 0 ? '+' : ''}${(100 * r.gain).toFixed(2)}`} |`);
console.log(`\ntraining ${trainSeconds.toFixed(0)} s, total ${((performance.now() - started) / 1000).toFixed(0)} s`);
writeFileSync(fileURLToPath(new URL('./fashion-mnist.json', import.meta.url)), JSON.stringify({ train: TRAIN, epochs: EPOCHS, batch: BATCH, seeds: SEEDS, backend: BACKEND, table, trainSeconds }, null, 1) + '\n');
tf.dispose([train.images, train.labels, test.images, test.labels]);
