import { tf, useBackend } from '@dl/core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
const t0 = performance.now();
await useBackend('wasm', process.argv[2] ? { threads: Number(process.argv[2]) } : {});
console.log('init', (performance.now() - t0).toFixed(0), 'ms threads', getThreadsCount());
const a = tf.randomNormal([1024, 1024]), b = tf.randomNormal([1024, 1024]);
const t1 = performance.now(); for (let i = 0; i < 10; i++) tf.matMul(a, b).dispose(); await tf.matMul(a,b).data();
console.log('GFLOP/s', (2 * 1024 ** 3 * 11 / (performance.now() - t1) / 1e6).toFixed(1));
await useBackend('wasm');
try { await useBackend('wasm', { threads: 3 }); } catch (e) { console.log(e.message); }
