// bench/train: training throughput (samples/s, batch 128) of the Fashion-MNIST CNN
// and a 784-256-256-10 MLP with tfjs-layers model.fit on cpu and wasm, stock
// TF.js kernels vs @dl/kernels, next to PyTorch on 2 threads, in one run.
//
//   node bench/train/run.mjs [--backends cpu,wasm] [--models cnn,mlp] [--budget 4] [--repeat 2] [--no-torch]
//
// Data are random (throughput does not depend on pixel values); the optimizer is
// Adam(1e-3) with softmax cross-entropy everywhere. Needs packages/kernels built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tf, useBackend } from '@dl/core';
import * as tfl from '@tensorflow/tfjs-layers';

const here = new URL('.', import.meta.url).pathname;
const kernelsEntry = new URL('../../packages/kernels/dist/index.js', import.meta.url);
if (!existsSync(kernelsEntry)) {
  console.error('bench/train: build @dl/kernels first (cd packages/kernels && pnpm build)');
  process.exit(1);
}
const { registerTrainingKernels, unregisterTrainingKernels } = await import(kernelsEntry.href);

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] != null ? args[i + 1] : fallback;
};
const backends = opt('backends', 'cpu,wasm').split(',');
const models = opt('models', 'cnn,mlp').split(',');
const budget = Number(opt('budget', '4')); // seconds of timed training per cell
const BATCH = 128;

const builders = {
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

/** Samples/s of model.fit: one warm-up batch, then enough batches to fill the budget. */
async function measureFit(model) {
  const m = builders[model]();
  m.compile({ optimizer: tf.train.adam(1e-3), loss: (y, p) => tf.losses.softmaxCrossEntropy(y, p) });
  const data = (batches) =>
    tf.tidy(() => [
      tf.randomNormal([batches * BATCH, ...inputShape[model]]),
      tf.oneHot(tf.randomUniform([batches * BATCH], 0, 10, 'int32'), 10),
    ]);
  try {
    let [x, y] = data(1);
    let t0 = performance.now();
    await m.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
    const warm = (performance.now() - t0) / 1000;
    tf.dispose([x, y]);
    // A first step far over the budget (stock cpu CNN: a minute) is the measurement.
    if (warm > 3 * budget) return { samplesPerSec: BATCH / warm, slow: true };
    const batches = Math.max(1, Math.min(50, Math.round(budget / warm)));
    [x, y] = data(batches);
    t0 = performance.now();
    await m.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose([x, y]);
    return { samplesPerSec: (batches * BATCH) / seconds };
  } catch (e) {
    return { error: String(e?.message ?? e).split('\n')[0] };
  } finally {
    m.dispose();
  }
}

const torchScript = `
import json, sys, time, torch
from torch import nn
torch.set_num_threads(2)
torch.manual_seed(0)
budget = float(sys.argv[1])
def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 5 * 5, 10))
def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
out = {}
for name, build, shape in (('cnn', cnn, (128, 1, 28, 28)), ('mlp', mlp, (128, 784))):
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(*shape)
    y = torch.randint(0, 10, (128,))
    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    for _ in range(3):
        step()
    n, t0 = 0, time.perf_counter()
    while n < 5 or time.perf_counter() - t0 < budget:
        step()
        n += 1
    out[name] = n * 128 / (time.perf_counter() - t0)
print(json.dumps(out))
`;

function measureTorch() {
  if (args.includes('--no-torch')) return { skipped: 'disabled with --no-torch' };
  if (!existsSync('/usr/bin/python3')) return { skipped: '/usr/bin/python3 not found' };
  const r = spawnSync('/usr/bin/python3', ['-c', torchScript, String(budget)], { encoding: 'utf8', cwd: here });
  if (r.status !== 0) return { skipped: `PyTorch not available (${(r.stderr || '').trim().split('\n').pop()})` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// Stock and ours alternate, best of --repeat runs each, so a load change on a
// shared machine does not favour one side.
const repeat = Number(opt('repeat', '2'));
const best = (a, b) => (a == null || (b.samplesPerSec ?? -1) > (a.samplesPerSec ?? -1) ? b : a);
const rows = [];
for (const backend of backends) {
  await useBackend(backend);
  for (const model of models) {
    const row = { backend, model, stock: undefined, ours: undefined };
    for (let r = 0; r < repeat; r++) {
      unregisterTrainingKernels(backend);
      if (r === 0 || !(row.stock.slow || row.stock.error)) row.stock = best(row.stock, await measureFit(model));
      registerTrainingKernels(backend);
      row.ours = best(row.ours, await measureFit(model));
    }
    rows.push(row);
  }
}
const torch = measureTorch();

const fmt = (r) => (r?.samplesPerSec != null ? r.samplesPerSec.toFixed(0) : 'throws');
const ratio = (a, b) => (a?.samplesPerSec != null && b?.samplesPerSec != null ? `${(a.samplesPerSec / b.samplesPerSec).toFixed(2)}x` : '-');
const torchOf = (model) => (typeof torch[model] === 'number' ? { samplesPerSec: torch[model] } : undefined);
const header = ['model', 'backend', 'stock tfjs', '@dl/kernels', 'speed-up', 'PyTorch (2 thr)', 'ours/PyTorch'];
const table = rows.map((r) => [r.model, r.backend, fmt(r.stock), fmt(r.ours), ratio(r.ours, r.stock), torchOf(r.model) ? fmt(torchOf(r.model)) : '-', ratio(r.ours, torchOf(r.model))]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`training samples/s, batch ${BATCH}, tfjs-layers model.fit + Adam, ${budget}s per cell`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
for (const r of rows) {
  if (r.stock.error) console.log(`stock ${r.model} on ${r.backend}: ${r.stock.error}`);
  if (r.ours.error) console.log(`@dl/kernels ${r.model} on ${r.backend}: ${r.ours.error}`);
}
if (torch.skipped) console.log(`PyTorch skipped: ${torch.skipped}`);
