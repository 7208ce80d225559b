#!/usr/bin/env node
// Makes one zoo model: `node packages/zoo/scripts/make.mjs NAME [flags]` (after
// `pnpm exec turbo run build --filter=@dl/zoo...`). Without flags it runs the flags of the entry's
// `command` in manifest.json, so rerunning a manifest command reproduces the stored model.
//
// The recipe is dl-train's default `cnn` recipe (apps/cli: `dl-train --model cnn`): SGD with
// Nesterov momentum 0.9, weight decay 5e-4, one-cycle to lr 0.1 with momentum cycled 0.95-0.85
// (PyTorch's OneCycleLR), batch 128, standardised inputs; the flags choose the data, the
// augmentation (flip and/or pad-2 random crop), the epochs, the seed and the backend.
// It trains with @dl/train's fit, evaluates the float32 weights on the test split, stores them as
// float16 (weights/NAME.bin), evaluates the stored weights, and updates the entry in manifest.json
// (metrics, storage: bytes and sha256, training time). Rebuild @dl/zoo afterwards: the manifest is
// bundled into dist.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentBackend, deserializeCheckpoint, tf, useBackend } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { compose, randomCrop, randomHorizontalFlip } from '@dl/augment';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_STATS, MNIST_CLASS_NAMES, MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import { Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { evaluate, fit, progress } from '@dl/train/node';
import { cnn, encodePretrained } from '../dist/index.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const manifestPath = here('../manifest.json');
const CHECK_IMAGES = 500;
const round4 = (x) => Math.round(x * 1e4) / 1e4;

function usage(message) {
  process.stderr.write(`make.mjs: ${message}\nUsage: node packages/zoo/scripts/make.mjs NAME [--dataset fashion-mnist|mnist] [--classes a-b] [--limit n] [--epochs n] [--augment flip,crop|crop|none] [--seed n] [--backend wasm|cpu|webgpu] [--no-write]\n`);
  process.exit(2);
}

function parseFlags(tokens) {
  const out = { dataset: 'fashion-mnist', classes: null, limit: null, epochs: 3, augment: ['flip', 'crop'], seed: 0, backend: 'wasm' };
  for (let i = 0; i < tokens.length; i += 2) {
    const flag = tokens[i];
    const value = tokens[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    const int = (min) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) usage(`${flag} must be an integer >= ${min}, got '${value}'`);
      return n;
    };
    switch (flag) {
      case '--dataset':
        if (value !== 'fashion-mnist' && value !== 'mnist') usage(`--dataset must be fashion-mnist or mnist, got '${value}'`);
        out.dataset = value;
        break;
      case '--classes': {
        const m = /^(\d)-(\d)$/.exec(value);
        if (!m || Number(m[2]) <= Number(m[1])) usage(`--classes must be a range a-b of class ids 0..9, got '${value}'`);
        out.classes = Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, k) => Number(m[1]) + k);
        break;
      }
      case '--limit': out.limit = int(1); break;
      case '--epochs': out.epochs = int(1); break;
      case '--seed': out.seed = int(0); break;
      case '--backend': out.backend = value; break;
      case '--augment':
        out.augment = value === 'none' ? [] : value.split(',');
        if (out.augment.some((a) => a !== 'flip' && a !== 'crop')) usage(`--augment takes flip, crop or none, got '${value}'`);
        break;
      default: usage(`unknown flag '${flag}'`);
    }
  }
  return out;
}

/** Labels of the kept classes as 0..k-1 in order (dl-train's --classes). */
function remap(labels, classes) {
  if (!classes) return labels;
  const table = Array.from({ length: 10 }, (_, c) => classes.indexOf(c));
  return tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(labels, 'int32')));
}

async function load(flags, split) {
  const o = { split, normalize: true, ...(flags.classes ? { classes: flags.classes } : {}), ...(split === 'train' && flags.limit ? { limit: flags.limit } : {}) };
  const d = flags.dataset === 'mnist' ? await loadMnist(o) : await loadFashionMnist(o);
  const y = remap(d.labels, flags.classes);
  if (y !== d.labels) d.labels.dispose();
  return { x: d.images, y };
}

async function accuracy(model, data) {
  return (await evaluate(model, data, { batchSize: 1000 })).accuracy;
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name.startsWith('-')) usage('the model name comes first');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entry = manifest.models.find((m) => m.name === name);
if (!entry) usage(`no entry '${name}' in manifest.json (models: ${manifest.models.map((m) => m.name).join(', ')}); add one with its command first`);
const fromManifest = entry.command.split(/\s+/).slice(entry.command.split(/\s+/).indexOf(name) + 1);
// --no-write: train and evaluate, then compare with the manifest instead of writing (a reproduction check)
const noWrite = rest.includes('--no-write');
const given = rest.filter((t) => t !== '--no-write');
const tokens = given.length ? given : fromManifest;
const flags = parseFlags(tokens);
const command = `node packages/zoo/scripts/make.mjs ${name} ${tokens.join(' ')}`;

const backend = await useBackend(flags.backend);
const train = await load(flags, 'train');
const test = await load(flags, 'test');
const classes = flags.classes?.length ?? 10;
const stats = flags.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
const names = flags.dataset === 'mnist' ? MNIST_CLASS_NAMES : FASHION_MNIST_CLASS_NAMES;
const n = train.x.shape[0];
const batchSize = 128;
const steps = flags.epochs * Math.ceil(n / batchSize);
const model = cnn(flags.seed, classes);
const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 5e-4 }), model.parameters());
const fill = -stats.mean / stats.std;
const transforms = [];
if (flags.augment.includes('flip')) transforms.push(randomHorizontalFlip());
if (flags.augment.includes('crop')) transforms.push(randomCrop({ size: 28, padding: 2, fill, paddingMode: 'constant' }));
process.stdout.write(`make ${name}: cnn (${classes} classes) on ${flags.dataset}${flags.classes ? ` classes ${flags.classes.join(',')}` : ''} (${n} train, ${test.y.shape[0]} test) on ${backend}: ${flags.epochs} epochs, batch ${batchSize}, augment ${flags.augment.join('+') || 'none'}, seed ${flags.seed}\n`);
const result = await fit({
  model,
  optimizer,
  data: train,
  epochs: flags.epochs,
  batchSize,
  schedule: oneCycle({ maxLr: 0.1, totalSteps: steps, cycleMomentum: true }),
  ...(transforms.length ? { augment: compose(transforms) } : {}),
  rng: flags.seed,
  logEvery: 20,
  callbacks: [progress({ stream: process.stdout, bar: false })],
});
const epochs = result.history.epochs;
const samplesPerSecond = epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / epochs.length;
model.eval();
const float32 = await accuracy(model, test);

const state = model.stateDict();
const bytes = await encodePretrained(state, { metadata: { name, command } });
tf.dispose(Object.values(state));
const stored = cnn(flags.seed, classes);
const back = deserializeCheckpoint(bytes).tensors;
stored.loadStateDict(back);
tf.dispose(Object.values(back));
stored.eval();
const storedAccuracy = await accuracy(stored, test);
const slice = { x: test.x.slice(0, CHECK_IMAGES), y: test.y.slice(0, CHECK_IMAGES) };
const checkAccuracy = await accuracy(stored, slice);
tf.dispose([slice.x, slice.y, train.x, train.y, test.x, test.y]);
stored.dispose();
model.dispose();
optimizer.dispose();

const file = `weights/${name}.bin`;
if (noWrite) {
  const m = entry.metrics;
  process.stdout.write(
    `make ${name} (--no-write): test accuracy ${float32.toFixed(4)} float32 (manifest ${m.testAccuracyFloat32}), ${storedAccuracy.toFixed(4)} float16 (manifest ${m.testAccuracy}), ` +
      `difference ${(storedAccuracy - m.testAccuracy).toFixed(4)}; ${result.seconds.toFixed(1)} s, ${Math.round(samplesPerSecond)} samples/s; nothing written\n`,
  );
  process.exit(0);
}
await writeFileAtomic(here(`../${file}`), bytes);
Object.assign(entry, {
  architecture: { builder: 'cnn', args: { classes } },
  data: { dataset: flags.dataset, split: 'train', classes: flags.classes, limit: flags.limit, seed: flags.seed, input: [28, 28, 1], normalize: { mean: stats.mean, std: stats.std }, labels: (flags.classes ?? names.map((_, i) => i)).map((c) => names[c]) },
  command,
  metrics: { testAccuracy: round4(storedAccuracy), testAccuracyFloat32: round4(float32), testImages: test.y.shape[0], backend: currentBackend(), check: { images: CHECK_IMAGES, accuracy: round4(checkAccuracy) } },
  storage: { file, dtype: 'float16', bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') },
  training: { seconds: Math.round(result.seconds * 10) / 10, samplesPerSecond: Math.round(samplesPerSecond), date: new Date().toISOString().slice(0, 10) },
});
await writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
process.stdout.write(`make ${name}: test accuracy ${float32.toFixed(4)} float32, ${storedAccuracy.toFixed(4)} stored float16 (${bytes.byteLength} bytes, ${result.seconds.toFixed(1)} s, ${Math.round(samplesPerSecond)} samples/s); wrote ${file} and manifest.json — rebuild @dl/zoo\n`);
