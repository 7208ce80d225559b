// Per-kernel time of one CNN training step (diagnostic, not part of the table):
//   node bench/train/profile.mjs cpu|wasm [ours]
import { tf, useBackend } from '@dl/core';
const backend = process.argv[2] ?? 'cpu';
const withOurs = process.argv[3] === 'ours';
await useBackend(backend);
if (withOurs) (await import('../../packages/kernels/dist/index.js')).registerTrainingKernels(backend);
const times = new Map();
for (const k of tf.getKernelsForBackend(backend)) {
  const f = k.kernelFunc;
  k.kernelFunc = (args) => { const t0 = performance.now(); const r = f(args); const dt = performance.now() - t0; times.set(k.kernelName, (times.get(k.kernelName) ?? 0) + dt); return r; };
}
const N = 128;
const x = tf.randomNormal([N, 28, 28, 1]);
const y = tf.oneHot(tf.randomUniform([N], 0, 10, 'int32'), 10);
const v = (s) => tf.variable(tf.randomNormal(s, 0, 0.1));
const w1 = v([3, 3, 1, 32]), b1 = v([32]), w2 = v([3, 3, 32, 64]), b2 = v([64]), w3 = v([5 * 5 * 64, 10]), b3 = v([10]);
const opt = tf.train.sgd(0.01);
const step = () => opt.minimize(() => {
  let h = tf.relu(tf.add(tf.conv2d(x, w1, 1, 'valid'), b1));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, w2, 1, 'valid'), b2));
  h = tf.maxPool(h, 2, 2, 'valid');
  const logits = tf.add(tf.matMul(tf.reshape(h, [N, -1]), w3), b3);
  return tf.losses.softmaxCrossEntropy(y, logits);
});
step(); times.clear();
const reps = 3; const t0 = performance.now();
for (let i = 0; i < reps; i++) tf.dispose(step());
const total = (performance.now() - t0) / reps;
console.log(`${backend}${withOurs ? '+ours' : ''}: step ${total.toFixed(1)} ms = ${(N * 1000 / total).toFixed(0)} samples/s`);
for (const [k, t] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${k.padEnd(28)} ${(t / reps).toFixed(1)} ms`);
