import { kaimingNormal, zeros } from '@dl/init';
import { batchNorm2d, conv2d, dense, dropout, flatten, maxPool2d, relu } from '@dl/layers';
import type { Initializer, Layer } from '@dl/layers';

const kaiming: Initializer = (shape, options) => kaimingNormal(shape, { ...options, nonlinearity: 'relu' });
const zero: Initializer = (shape) => zeros(shape);
/** Kaiming (He) normal kernels for ReLU and zero biases: the hidden layers' init. */
export const he = { kernelInitializer: kaiming, biasInitializer: zero };

/** The cnn's first 12 layers (its encoder), made in the cnn's order so both get the same weights for a seed. */
export function cnnEncoderLayers(seed: number): Layer[] {
  return [
    conv2d(1, 32, 3, { padding: 1, ...he, seed: seed + 1 }), batchNorm2d(32), relu, maxPool2d(2),
    conv2d(32, 64, 3, { padding: 1, ...he, seed: seed + 2 }), batchNorm2d(64), relu, maxPool2d(2),
    dropout(0.25), flatten(),
    dense(7 * 7 * 64, 128, { ...he, seed: seed + 3 }), relu,
  ];
}
