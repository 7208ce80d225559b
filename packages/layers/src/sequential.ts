import type { tf } from '@dl/core';
import { Module, toModule } from './module.js';
import type { ApplyOptions, Layer } from './module.js';

/** Layers applied in order; children are named `0`, `1`, … as `nn.Sequential`. */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(layers: Layer[]) {
    super('sequential');
    this.layers = layers.map((l, i) => this.addModule(String(i), toModule(l, 'sequential')));
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.apply(y, options);
    return y;
  }
}

/** `nn.Sequential(...)`: functions such as `relu` are allowed and count as children. */
export function sequential(...layers: Layer[]): Sequential {
  return new Sequential(layers);
}
