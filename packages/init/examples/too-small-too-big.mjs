// The lecture's experiment (CS231n): a 10-layer MLP of tanh or ReLU units, initialised too
// small (W ~ 0.01·randn), too big (W ~ 0.05·randn) and just right (Xavier for tanh, Kaiming
// for ReLU), printing each layer's activation std, then the saturated / dead fractions and
// the weight-gradient norms at the first and last layers.
//
//   pnpm --filter @dl/init build && node packages/init/examples/too-small-too-big.mjs [--width 2048] [--batch 16] [--backend wasm]
import { tf, useBackend } from '@dl/core';
import { activationStats, gradientStats, kaimingNormal, normal, xavierNormal } from '@dl/init';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const width = Number(arg('width', 2048));
const batch = Number(arg('batch', 16));
const depth = 10;
const backend = await useBackend(arg('backend', 'auto'));

const runs = [
  { label: 'tanh 0.01', act: tf.tanh, init: (s, seed) => normal(s, { std: 0.01, seed }) },
  { label: 'tanh 0.05', act: tf.tanh, init: (s, seed) => normal(s, { std: 0.05, seed }) },
  { label: 'tanh Xavier', act: tf.tanh, init: (s, seed) => xavierNormal(s, { seed }) },
  { label: 'relu 0.01', act: tf.relu, init: (s, seed) => normal(s, { std: 0.01, seed }) },
  { label: 'relu 0.05', act: tf.relu, init: (s, seed) => normal(s, { std: 0.05, seed }) },
  { label: 'relu Xavier', act: tf.relu, init: (s, seed) => xavierNormal(s, { seed }) },
  { label: 'relu Kaiming', act: tf.relu, init: (s, seed) => kaimingNormal(s, { nonlinearity: 'relu', seed }) },
];

const x = normal([batch, width], { seed: 0 });
const results = [];
const t0 = Date.now();
for (const run of runs) {
  // The same seeds in every run: only the scale of each layer's weights differs.
  const weights = Array.from({ length: depth }, (_, i) => tf.tidy(() => tf.variable(run.init([width, width], i + 1))));
  const layers = weights.map((w, i) => ({ layer: (h) => run.act(tf.matMul(h, w)), params: [w], name: `layer${i + 1}` }));
  const acts = await activationStats(layers, x);
  const grads = await gradientStats(layers, x, { loss: (y) => tf.mean(tf.square(y)) });
  results.push({ ...run, acts, grads });
  tf.dispose(weights);
}
x.dispose();

const fmt = (v) => (v === 0 ? '0' : Math.abs(v) >= 1e-2 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(1));
const pct = (v) => `${(100 * v).toFixed(1)}%`;
const col = 13;
const row = (head, cells) => console.log(head.padEnd(9) + cells.map((c) => String(c).padStart(col)).join(''));

console.log(`10-layer MLP, width ${width}, batch ${batch}, input ~ N(0, 1), backend ${backend}; std of each layer's output`);
row('layer', results.map((r) => r.label));
for (let i = 0; i < depth; i++) row(String(i + 1), results.map((r) => fmt(r.acts[i].std)));
console.log('');
row('sat. L10', results.map((r) => (r.label.startsWith('tanh') ? pct(r.acts[depth - 1].saturated) : '-')));
row('dead L10', results.map((r) => (r.label.startsWith('relu') ? pct(r.acts[depth - 1].dead) : '-')));
row('|dW| L1', results.map((r) => fmt(r.grads.layers[0].paramGradNorm)));
row('|dW| L10', results.map((r) => fmt(r.grads.layers[depth - 1].paramGradNorm)));
console.log(`\nsat. = |tanh| > 0.99; dead = ReLU units zero for the whole batch; |dW| = weight-gradient norm for loss mean(y²). ${((Date.now() - t0) / 1000).toFixed(1)} s`);
