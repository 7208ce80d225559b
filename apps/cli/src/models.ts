import { tf } from '@dl/core';
import { glorotUniform, kaimingNormal, zeros } from '@dl/init';
import { conv2d, dense, dropout, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import type { Initializer, Sequential } from '@dl/layers';
import type { ModelName } from './args.js';
import { cnn } from '@dl/zoo';

const kaiming: Initializer = (shape, options) => kaimingNormal(shape, { ...options, nonlinearity: 'relu' });
const zero: Initializer = (shape) => zeros(shape);
const he = { kernelInitializer: kaiming, biasInitializer: zero };

/** The Fashion-MNIST CNN (dl-train's default recipe): @dl/zoo's `cnn`, the architecture of its pretrained models. */
export { cnn };

/** 784-256-128-10 with ReLU, Kaiming init for the hidden layers. */
export function mlp(seed: number, classes = 10): Sequential {
  return sequential(flatten(), dense(784, 256, { ...he, seed: seed + 1 }), relu, dense(256, 128, { ...he, seed: seed + 2 }), relu, dense(128, classes, { seed: seed + 3 }));
}

/** The softmax-regression baseline: one dense layer from zeros. */
export function softmaxRegression(classes = 10): Sequential {
  return sequential(flatten(), dense(784, classes, { kernelInitializer: zero, biasInitializer: zero }));
}

const glorot: Initializer = (shape, options) => glorotUniform(shape, options);
const keras = { kernelInitializer: glorot, biasInitializer: zero };

/**
 * Keras's examples/mnist_transfer_cnn.py: features `Conv2D(32, 3, 'valid') relu Conv2D(32, 3) relu
 * MaxPooling2D(2) Dropout(0.25) Flatten` (children 0-6), classifier `Dense(128) relu Dropout(0.5)
 * Dense(classes)` (softmax in the loss); glorot-uniform kernels and zero biases, Keras's defaults.
 */
export function mnistTransfer(seed: number, classes = 5): Sequential {
  return sequential(
    conv2d(1, 32, 3, { ...keras, seed: seed + 1 }), relu, conv2d(32, 32, 3, { ...keras, seed: seed + 2 }), relu, maxPool2d(2), dropout(0.25), flatten(),
    dense(12 * 12 * 32, 128, { ...keras, seed: seed + 3 }), relu, dropout(0.5),
    dense(128, classes, { ...keras, seed: seed + 4 }),
  );
}

export function buildModel(name: ModelName, seed: number, classes = 10): Sequential {
  if (name === 'cnn') return cnn(seed, classes);
  if (name === 'mnist-transfer') return mnistTransfer(seed, classes);
  if (name === 'mlp') return mlp(seed, classes);
  return softmaxRegression(classes);
}

export function countParameters(model: Sequential): number {
  return Object.values(model.parameters()).reduce((s, v: tf.Variable) => s + v.size, 0);
}
