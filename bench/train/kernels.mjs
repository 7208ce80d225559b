// bench/train/kernels.mjs: per-kernel milliseconds, stock vs @dl/kernels, at the
// Fashion-MNIST CNN's shapes (batch 128) and a ResNet-style 3x3 block (32x32x64 -> 64, batch 32).
//   node bench/train/kernels.mjs [--backends cpu,wasm] [--only cnn]
import { tf, useBackend } from '@dl/core';

const { registerTrainingKernels, unregisterTrainingKernels } = await import(
  new URL('../../packages/kernels/dist/index.js', import.meta.url).href
);
const args = process.argv.slice(2);
const i = args.indexOf('--backends');
const backends = (i >= 0 ? args[i + 1] : 'cpu,wasm').split(',');
const j = args.indexOf('--only');
const only = j >= 0 ? args[j + 1] : ''; // substring filter on the row names, e.g. 'cnn'

const conv = (name, x, f, strides, pad) => ({ name, x, f, strides, pad });
const convs = [
  conv('cnn conv1 28x28x1->32', [128, 28, 28, 1], [3, 3, 1, 32], 1, 'valid'),
  conv('cnn conv2 13x13x32->64', [128, 13, 13, 32], [3, 3, 32, 64], 1, 'valid'),
  conv('resnet 3x3 32x32x64->64', [32, 32, 32, 64], [3, 3, 64, 64], 1, 'same'),
  conv('resnet 3x3/2 32x32x64->128', [32, 32, 32, 64], [3, 3, 64, 128], 2, 'same'),
];
const pools = [
  { name: 'cnn pool1 26x26x32', x: [128, 26, 26, 32] },
  { name: 'cnn pool2 11x11x64', x: [128, 11, 11, 64] },
];

function time(fn, minMs = 300) {
  if (minMs > 0) tf.dispose(fn());
  let n = 0;
  const t0 = performance.now();
  do {
    const r = fn();
    r.dataSync();
    tf.dispose(r);
    n++;
  } while (performance.now() - t0 < minMs || n < 2);
  return (performance.now() - t0) / n;
}

const run = (name, inputs, attrs) => () => tf.engine().runKernel(name, inputs, attrs);
const cases = () => {
  const out = [];
  for (const c of convs) {
    const x = tf.randomNormal(c.x);
    const f = tf.randomNormal(c.f);
    const y = tf.conv2d(x, f, c.strides, c.pad);
    const dy = tf.randomNormal(y.shape);
    const base = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
    out.push([`Conv2D (forward) ${c.name}`, run('Conv2D', { x, filter: f }, { ...base, dilations: 1 })]);
    out.push([`Conv2DBackpropFilter ${c.name}`, run('Conv2DBackpropFilter', { x, dy }, { ...base, filterShape: c.f })]);
    out.push([`Conv2DBackpropInput ${c.name}`, run('Conv2DBackpropInput', { dy, filter: f }, { ...base, inputShape: c.x })]);
  }
  for (const p of pools) {
    const x = tf.randomNormal(p.x);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dy = tf.randomNormal(y.shape);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    out.push([`MaxPoolGrad ${p.name}`, run('MaxPoolGrad', { dy, input: x, output: y }, attrs)]);
    out.push([`AvgPoolGrad ${p.name}`, run('AvgPoolGrad', { dy, input: x }, attrs)]);
  }
  const x = tf.randomNormal([32, 32, 32, 64]);
  const f = tf.randomNormal([3, 3, 64, 1]);
  const dy = tf.randomNormal([32, 32, 32, 64]);
  const attrs = { strides: 1, pad: 'same', dilations: 1 };
  out.push(['DepthwiseBackpropFilter 32x32x64', run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 64, 1] })]);
  out.push(['DepthwiseBackpropInput 32x32x64', run('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...attrs, inputShape: [32, 32, 32, 64] })]);
  return out;
};

for (const backend of backends) {
  await useBackend(backend);
  const list = cases();
  console.log(`\n${backend}: ms per call, stock -> @dl/kernels`);
  for (const [name, fn] of list) {
    if (!name.includes(only)) continue;
    unregisterTrainingKernels(backend);
    let stock;
    try {
      // The stock cpu Conv2DBackpropFilter takes up to minutes at these sizes: one cold call.
      stock = time(fn, name.startsWith('Conv2DBackpropFilter') && backend === 'cpu' ? 0 : 300).toFixed(1);
    } catch (e) {
      stock = 'missing';
    }
    registerTrainingKernels(backend);
    const ours = time(fn);
    console.log(`  ${name.padEnd(52)} ${String(stock).padStart(9)} -> ${ours.toFixed(1).padStart(7)}`);
  }
}
