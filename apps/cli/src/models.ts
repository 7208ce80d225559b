import { tf } from '@dl/core';
import { kaimingNormal, zeros } from '@dl/init';
import { batchNorm2d, conv2d, dense, dropout, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import type { Initializer, Sequential } from '@dl/layers';
import type { ModelName } from './args.js';

const kaiming: Initializer = (shape, options) => kaimingNormal(shape, { ...options, nonlinearity: 'relu' });
const zero: Initializer = (shape) => zeros(shape);
const he = { kernelInitializer: kaiming, biasInitializer: zero };

/**
 * The Fashion-MNIST CNN: conv3x3-32 + BN + ReLU + maxpool, conv3x3-64 + BN + ReLU + maxpool,
 * dropout 0.25, dense 128 + ReLU + dropout 0.5, dense 10; Kaiming (He) normal init and zero biases
 * for the hidden layers.
 */
export function cnn(seed: number, classes = 10): Sequential {
  return sequential(
    conv2d(1, 32, 3, { padding: 1, ...he, seed: seed + 1 }), batchNorm2d(32), relu, maxPool2d(2),
    conv2d(32, 64, 3, { padding: 1, ...he, seed: seed + 2 }), batchNorm2d(64), relu, maxPool2d(2),
    dropout(0.25), flatten(),
    dense(7 * 7 * 64, 128, { ...he, seed: seed + 3 }), relu, dropout(0.5),
    // The classifier keeps PyTorch's default init, so the first loss is near ln 10 (seed 003's check).
    dense(128, classes, { seed: seed + 4 }),
  );
}

/** 784-256-128-10 with ReLU, Kaiming init for the hidden layers. */
export function mlp(seed: number, classes = 10): Sequential {
  return sequential(flatten(), dense(784, 256, { ...he, seed: seed + 1 }), relu, dense(256, 128, { ...he, seed: seed + 2 }), relu, dense(128, classes, { seed: seed + 3 }));
}

/** The softmax-regression baseline: one dense layer from zeros. */
export function softmaxRegression(classes = 10): Sequential {
  return sequential(flatten(), dense(784, classes, { kernelInitializer: zero, biasInitializer: zero }));
}

export function buildModel(name: ModelName, seed: number, classes = 10): Sequential {
  if (name === 'cnn') return cnn(seed, classes);
  if (name === 'mlp') return mlp(seed, classes);
  return softmaxRegression(classes);
}

export function countParameters(model: Sequential): number {
  return Object.values(model.parameters()).reduce((s, v: tf.Variable) => s + v.size, 0);
}
