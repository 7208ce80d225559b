import { kaimingNormal, zeros } from '@dl/init';
import { batchNorm2d, conv2d, dense, dropout, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import type { Initializer, Sequential } from '@dl/layers';

const kaiming: Initializer = (shape, options) => kaimingNormal(shape, { ...options, nonlinearity: 'relu' });
const zero: Initializer = (shape) => zeros(shape);
const he = { kernelInitializer: kaiming, biasInitializer: zero };

/**
 * The Fashion-MNIST CNN (dl-train's `cnn`, the default recipe's network): conv3x3-32 + BN + ReLU +
 * maxpool, conv3x3-64 + BN + ReLU + maxpool, dropout 0.25, dense 128 + ReLU + dropout 0.5,
 * dense `classes`; Kaiming (He) normal init and zero biases for the hidden layers. Input
 * `[batch, 28, 28, 1]`, output logits `[batch, classes]`; 421,834 parameters for 10 classes.
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
