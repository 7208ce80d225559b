// Images per second for a realistic augmentation pipeline (flip + padded random crop + colour jitter
// + random affine) on cpu and wasm, for Fashion-MNIST-sized and ImageNet-sized batches.
// Run: pnpm --filter @dl/augment build && node bench/augment/run.mjs [--backends cpu,wasm] [--seconds 3]
import { tf, useBackend } from '@dl/core';
import { colorJitter, compose, randomAffine, randomCrop, randomHorizontalFlip } from '@dl/augment';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const backends = opt('backends', 'cpu,wasm').split(',');
const seconds = Number(opt('seconds', '3'));

const configs = [
  { name: '128 x 28x28x1', shape: [128, 28, 28, 1], crop: 28, padding: 4 },
  { name: '32 x 224x224x3', shape: [32, 224, 224, 3], crop: 224, padding: 16 },
];

function pipeline(crop, padding) {
  return compose(
    [
      randomHorizontalFlip(),
      randomCrop({ size: crop, padding }),
      colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }),
      randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 5 }),
    ],
    { seed: 0 },
  );
}

const rows = [];
for (const backend of backends) {
  await useBackend(backend);
  for (const c of configs) {
    const x = tf.randomUniform(c.shape, 0, 1, 'float32', 1);
    const augment = pipeline(c.crop, c.padding);
    const run = async () => {
      const y = augment(x);
      await y.data(); // wait for the backend to finish
      y.dispose();
    };
    await run(); // warm-up: kernels, shader or wasm compilation
    let n = 0;
    const start = performance.now();
    while (n < 2 || performance.now() - start < seconds * 1000) {
      await run();
      n++;
    }
    const ms = (performance.now() - start) / n;
    rows.push({ backend, batch: c.name, 'ms / batch': ms.toFixed(1), 'images / s': Math.round((c.shape[0] * 1000) / ms), batches: n });
    x.dispose();
  }
}
console.log(`@dl/augment pipeline: flip + random crop (padding) + colour jitter (b, c, s 0.4, hue 0.1) + random affine (15 deg, 10 %, 0.9-1.1, shear 5), tfjs-core ${tf.version_core}, node ${process.version}`);
console.table(rows);
console.log('Fashion-MNIST CNN training step (for comparison): pending — the CNN arrives with @dl/layers / @dl/train.');
