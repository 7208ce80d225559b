import { tf } from '@dl/core';
import { checkOptions, show } from './internal/checks.js';
import { normalizeLayers } from './internal/layers.js';
import type { LayerEntry } from './internal/layers.js';

export interface GradientStatsOptions {
  /** The loss of the last layer's output; default `sum(output)`, i.e. an upstream gradient of ones. */
  loss?: (output: tf.Tensor) => tf.Scalar;
}

/** One layer's gradients in one backward pass. */
export interface LayerGradientStats {
  index: number;
  name: string;
  /** L2 norm of ∂loss/∂(this layer's output). */
  outputGradNorm: number;
  /** L2 norm of ∂loss/∂(this layer's parameters) taken together; `null` when the layer has none known. */
  paramGradNorm: number | null;
}

export interface GradientStatsResult {
  loss: number;
  layers: LayerGradientStats[];
}

/**
 * One forward and one backward pass through `layers`: the gradient norm at each layer's output
 * and, where the layer's parameters are known (`{layer, params}` or tfjs-layers'
 * `trainableWeights`), at its parameters. Norms shrinking towards the input mean vanishing
 * gradients, growing mean exploding ones. The parameters are only read, never updated.
 */
export async function gradientStats(layers: LayerEntry[], input: tf.Tensor, options: GradientStatsOptions = {}): Promise<GradientStatsResult> {
  const where = 'gradientStats';
  const specs = normalizeLayers(layers, where);
  if (!(input instanceof tf.Tensor)) throw new TypeError(`${where}: input must be a tensor, got ${show(input)}`);
  checkOptions(options, where);
  const loss = options.loss ?? ((y: tf.Tensor) => tf.sum(y) as tf.Scalar);
  if (typeof loss !== 'function') throw new TypeError(`${where}: loss must be a function, got ${show(loss)}`);

  // A first pass for the output shapes (and to let lazy layers build their weights).
  const shapes = tf.tidy(() => {
    let x = input;
    return specs.map((s) => (x = s.run(x)).shape.slice());
  });
  // Zero probes added to each output: their gradient is the gradient at that output.
  const probes = tf.tidy(() => shapes.map((s) => tf.variable(tf.zeros(s), true)));
  const params = specs.map((s) => s.params().filter((p) => p.trainable));
  const varList = [...probes, ...new Set(params.flat())];
  try {
    const result = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        let x = input;
        specs.forEach((s, i) => {
          x = tf.add(s.run(x), probes[i]!);
        });
        const l = loss(x);
        if (!(l instanceof tf.Tensor) || l.rank !== 0) throw new TypeError(`${where}: loss must return a scalar tensor, got ${show(l instanceof tf.Tensor ? l.shape : l)}`);
        return l as tf.Scalar;
      }, varList);
      const sq = (t: tf.Tensor | undefined) => (t === undefined ? tf.scalar(0) : tf.sum(tf.square(t)));
      const rows = specs.map((_, i) => {
        const ps = params[i]!;
        const paramSq = ps.length === 0 ? tf.scalar(-1) : tf.addN(ps.map((p) => sq(grads[p.name])));
        return tf.stack([tf.sqrt(sq(grads[probes[i]!.name])), ps.length === 0 ? paramSq : tf.sqrt(paramSq)]);
      });
      return tf.concat([tf.reshape(value, [1]), ...rows]);
    });
    const v = await result.data();
    result.dispose();
    return {
      loss: v[0]!,
      layers: specs.map((s, i) => ({
        index: i,
        name: s.name,
        outputGradNorm: v[1 + 2 * i]!,
        paramGradNorm: params[i]!.length === 0 ? null : v[2 + 2 * i]!,
      })),
    };
  } finally {
    tf.dispose(probes);
  }
}
