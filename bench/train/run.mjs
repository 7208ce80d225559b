// bench/train: training throughput (samples/s, batch 128) side by side with PyTorch, in one run.
//
//   node bench/train/run.mjs [--repeat 3] [--batches 20] [--backends wasm,cpu] [--no-torch]
//
// Rows: dl-train's default recipe through @dl/train's fit (bench/train/recipe.mjs); a 784-256-256-10
// MLP and a small CNN through tfjs-layers model.fit + Adam, with TF.js as it ships ("stock": its
// own kernels, one thread for wasm in Node) and with @dl (useBackend: @dl/kernels, wasm on every
// core); the float32 matmul peak of each backend (1024^3, 1 and n threads), against which each
// row's achieved GFLOP/s is held. PyTorch runs the same three workloads on 2 threads with the
// malloc settings it needs on CPU (bench/recipe/README.md) and says which BLAS it loaded.
// Every cell is its own process (the wasm thread count is fixed at start); medians of --repeat runs.
// Measure with nothing else running on the machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const here = new URL('.', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] != null ? args[i + 1] : fallback;
};
const repeat = Number(opt('repeat', '3'));
const batches = Number(opt('batches', '20'));
const backends = opt('backends', 'wasm,cpu').split(',');
const cores = Math.min(8, availableParallelism());

// Multiply-adds x 2 per sample of one training step (forward, input and weight gradients; the first
// layer needs no input gradient). Elementwise work (batch norm, ReLU, pooling) is not counted.
const FLOPS = {
  // conv 1->32 and 32->64 (3x3, pad 1) at 28x28 and 14x14, dense 3136->128->10.
  recipe: 3 * (451_584 + 7_225_344 + 802_816 + 2_560) - 451_584,
  // dense 784->256->256->10.
  mlp: 3 * 537_600 - 401_408,
  // conv 1->32 and 32->64 (3x3, valid) at 26x26 and 11x11, dense 1600->10.
  cnn: 3 * (389_376 + 4_460_544 + 32_000) - 389_376,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function cell(flags) {
  const r = spawnSync(process.execPath, [`${here}cell.mjs`, ...flags], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return { error: (r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`).slice(0, 160) };
  return JSON.parse(line);
}

function measure(label, flags) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(cell(flags));
  const ok = runs.filter((r) => !r.error);
  const key = ok[0]?.gflops !== undefined ? 'gflops' : 'samplesPerSec';
  const out = { label, threads: ok[0]?.threads, value: median(ok.map((r) => r[key])), runs: ok.map((r) => r[key]) };
  if (!ok.length) out.error = runs[0]?.error;
  process.stderr.write(`  ${label}: ${out.error ?? `${out.value.toFixed(key === 'gflops' ? 1 : 0)} (${out.runs.map((v) => v.toFixed(0)).join(', ')})`}\n`);
  return out;
}

const torchScript = `
import json, os, sys, time, torch
from torch import nn
sys.path.insert(0, ${JSON.stringify(`${here}../recipe`)})
from torch_recipe import blas
torch.set_num_threads(2)
torch.manual_seed(0)
batches = int(sys.argv[1])
def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 5 * 5, 10))
def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
out = {'blas': blas(), 'torch': torch.__version__}
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
    t0 = time.perf_counter()
    for _ in range(batches):
        step()
    out[name] = batches * 128 / (time.perf_counter() - t0)
print(json.dumps(out))
`;
// glibc's defaults return PyTorch's large buffers to the system after every step, which halves its
// speed on CPU from one process to the next.
const torchEnv = { ...process.env, MALLOC_MMAP_THRESHOLD_: '33554432', MALLOC_TRIM_THRESHOLD_: '4294967295', MALLOC_TOP_PAD_: '67108864' };

function measureTorch() {
  if (args.includes('--no-torch')) return { skipped: 'disabled with --no-torch' };
  if (!existsSync('/usr/bin/python3')) return { skipped: '/usr/bin/python3 not found' };
  const runs = { recipe: [], mlp: [], cnn: [] };
  let info = {};
  for (let i = 0; i < repeat; i++) {
    const layers = spawnSync('/usr/bin/python3', ['-c', torchScript, String(batches)], { encoding: 'utf8', env: torchEnv });
    if (layers.status !== 0) return { skipped: `PyTorch not available (${(layers.stderr || '').trim().split('\n').pop()})` };
    const l = JSON.parse(layers.stdout.trim().split('\n').pop());
    const recipe = spawnSync('/usr/bin/python3', [`${here}../recipe/torch_recipe.py`, '--threads', '2', '--speed', String(batches)], { encoding: 'utf8', env: torchEnv });
    if (recipe.status !== 0) return { skipped: `PyTorch recipe failed (${(recipe.stderr || '').trim().split('\n').pop()})` };
    const r = JSON.parse(recipe.stdout.trim().split('\n').pop());
    runs.recipe.push(r.samplesPerSecond);
    runs.mlp.push(l.mlp);
    runs.cnn.push(l.cnn);
    info = { blas: l.blas, torch: l.torch };
  }
  process.stderr.write(`  PyTorch: recipe ${runs.recipe.map((v) => v.toFixed(0))}, mlp ${runs.mlp.map((v) => v.toFixed(0))}, cnn ${runs.cnn.map((v) => v.toFixed(0))}\n`);
  return { ...info, recipe: median(runs.recipe), mlp: median(runs.mlp), cnn: median(runs.cnn) };
}

const rows = [];
const peaks = {};
for (const backend of backends) {
  process.stderr.write(`${backend}:\n`);
  // cpu is 5-10x slower than wasm: fewer batches keep its rows to about a minute each.
  const b = ['--backend', backend, '--batches', String(backend === 'cpu' ? Math.max(2, Math.round(batches / 5)) : batches)];
  peaks[backend] = { one: measure(`${backend} matmul peak, 1 thread`, ['--what', 'peak', '--backend', backend, '--threads', '1']) };
  if (backend === 'wasm' && cores > 1) peaks[backend].n = measure(`${backend} matmul peak, ${cores} threads`, ['--what', 'peak', ...b]);
  rows.push({ workload: 'recipe', backend, config: '@dl', ...measure(`recipe ${backend} @dl`, ['--what', 'recipe', ...b]) });
  if (backend === 'wasm' && cores > 1) rows.push({ workload: 'recipe', backend, config: '@dl, 1 thread', ...measure('recipe wasm @dl 1 thread', ['--what', 'recipe', ...b, '--threads', '1']) });
  for (const model of ['mlp', 'cnn']) {
    rows.push({ workload: model, backend, config: 'stock TF.js', ...measure(`${model} ${backend} stock`, ['--what', model, ...b, '--stock']) });
    rows.push({ workload: model, backend, config: '@dl', ...measure(`${model} ${backend} @dl`, ['--what', model, ...b]) });
  }
}
process.stderr.write('PyTorch:\n');
const torch = measureTorch();

const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const header = ['workload', 'backend', 'config', 'threads', 'samples/s', 'GFLOP/s', 'of peak', 'vs stock', 'PyTorch', 'ours/PyTorch'];
const table = rows.map((r) => {
  const gflops = (r.value * FLOPS[r.workload]) / 1e9;
  const peak = r.threads > 1 ? peaks[r.backend].n?.value : peaks[r.backend].one.value;
  const stock = rows.find((s) => s.workload === r.workload && s.backend === r.backend && s.config === 'stock TF.js');
  const theirs = typeof torch[r.workload] === 'number' ? torch[r.workload] : NaN;
  return [
    r.workload,
    r.backend,
    r.config,
    String(r.threads ?? '-'),
    r.error ? `fails: ${r.error.replace(/^Error: /, '').slice(0, 48)}` : fmt(r.value),
    fmt(gflops, 1),
    Number.isFinite(peak) && Number.isFinite(gflops) ? `${fmt((100 * gflops) / peak)}%` : '-',
    stock && stock !== r && Number.isFinite(r.value / stock.value) ? `${fmt(r.value / stock.value, 2)}x` : '-',
    fmt(theirs),
    Number.isFinite(r.value / theirs) ? `${fmt(r.value / theirs, 2)}x` : '-',
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`training samples/s, batch 128, medians of ${repeat} runs of ${batches} batches; recipe = dl-train's default through fit, mlp/cnn = tfjs-layers + Adam`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
for (const [backend, p] of Object.entries(peaks)) {
  console.log(`${backend} matmul 1024^3: ${fmt(p.one.value, 1)} GFLOP/s on 1 thread${p.n ? `, ${fmt(p.n.value, 1)} on ${p.n.threads}` : ''}`);
  // tfjs's cpu matmul is a scalar loop; @dl's cpu convolutions run their own blocked GEMM, faster than it.
  if (backend === 'cpu') console.log('  (cpu: "of peak" is against tfjs\'s own cpu matmul, which @dl\'s cpu convolution kernels outrun)');
}
if (torch.skipped) console.log(`PyTorch skipped: ${torch.skipped}`);
else console.log(`PyTorch ${torch.torch}, 2 threads, BLAS: ${torch.blas}`);
