import { tf } from '@dl/core';
import { Conv2d } from './conv2d.js';
import { Dense } from './dense.js';
import { pair, show } from './internal/checks.js';

/**
 * The notes' FC-to-conv conversion: a dense layer that reads a flattened `[h, w, c]` volume
 * becomes a `h×w` convolution with `out` filters, valid padding, stride 1 — the same numbers on
 * that volume (output `[N, 1, 1, out]`), and a sliding evaluation on larger inputs. The
 * kernel is the dense kernel reshaped to `[h, w, c, out]` (NHWC flatten order, as `flatten`);
 * the new layer owns copies of the weights.
 */
export function denseToConv(layer: Dense, inputShape: [number, number, number]): Conv2d {
  const where = 'denseToConv';
  if (!(layer instanceof Dense)) throw new TypeError(`${where}: layer must be a dense layer, got ${show(layer)}`);
  if (!Array.isArray(inputShape) || inputShape.length !== 3) throw new TypeError(`${where}: inputShape must be [h, w, c], got ${show(inputShape)}`);
  const [h, w] = pair([inputShape[0], inputShape[1]], 'inputShape', where);
  const c = pair([inputShape[2], inputShape[2]], 'inputShape', where)[0];
  if (h * w * c !== layer.inFeatures) {
    throw new RangeError(`${where}: inputShape [${h}, ${w}, ${c}] has ${h * w * c} features, the dense layer expects ${layer.inFeatures}`);
  }
  const kernel = layer.kernel;
  const bias = layer.bias;
  return new Conv2d(c, layer.outFeatures, [h, w], {
    bias: bias !== undefined,
    kernelInitializer: () => tf.reshape(kernel, [h, w, c, layer.outFeatures]),
    biasInitializer: bias ? () => tf.clone(bias) : undefined,
    seed: 0,
  });
}
