// Seed 001's figure: a 10-layer network's activations and gradients per layer, for an init choice.
import { tf } from '@dl/core';
import { activationStats, calculateGain, gradientStats, kaimingNormal, normal, xavierNormal, type LayerSpec } from '@dl/init';

export const INITS = {
  small: 'too small: 0.01 · randn',
  big: 'too big: 1 · randn',
  xavier: 'Xavier (Glorot) normal, gain for the activation',
  kaiming: 'Kaiming (He) normal, fan_in',
} as const;
export type InitName = keyof typeof INITS;

export interface InitOptions {
  init: InitName;
  activation: 'tanh' | 'relu';
  depth: number;
  width: number;
  batch: number;
  seed: number;
}

export interface InitResult {
  layers: { layer: number; std: number; mean: number; saturated: number; dead: number; gradNorm: number }[];
  /** Up to 2000 values per layer, for the histograms. */
  activations: { layer: number; value: number }[];
  gradients: { layer: number; value: number }[];
}

function weight(o: InitOptions, i: number): tf.Tensor {
  const shape = [o.width, o.width];
  const seed = o.seed * 1000 + i + 1;
  switch (o.init) {
    case 'small': return normal(shape, { std: 0.01, seed });
    case 'big': return normal(shape, { std: 1, seed });
    case 'xavier': return xavierNormal(shape, { gain: calculateGain(o.activation), seed });
    case 'kaiming': return kaimingNormal(shape, { nonlinearity: o.activation === 'relu' ? 'relu' : 'tanh', seed });
  }
}

const SAMPLE = 2000;

export async function initDepth(o: InitOptions): Promise<InitResult> {
  const ws = Array.from({ length: o.depth }, (_, i) => tf.tidy(() => tf.variable(weight(o, i))));
  const x = normal([o.batch, o.width], { seed: o.seed });
  const act = o.activation === 'tanh' ? tf.tanh : tf.relu;
  const layers: LayerSpec[] = ws.map((w, i) => ({ layer: (h: tf.Tensor) => act(tf.matMul(h, w)), name: `layer ${i + 1}`, params: [w] }));
  try {
    const stats = await activationStats(layers, x, { saturation: 'tanh' });
    const grads = await gradientStats(layers, x);
    // The histograms' values: each layer's activations and weight gradients, sampled.
    const sampled = tf.tidy(() => {
      const acts: tf.Tensor[] = [];
      let h: tf.Tensor = x;
      for (const w of ws) {
        h = act(tf.matMul(h, w));
        acts.push(tf.slice(tf.reshape(h, [-1]), 0, SAMPLE));
      }
      const g = tf.grads((...vs: tf.Tensor[]) => {
        let y: tf.Tensor = x;
        for (const v of vs) y = act(tf.matMul(y, v));
        return tf.sum(y);
      })(ws);
      return { acts: tf.stack(acts), grads: tf.stack(g.map((t) => tf.slice(tf.reshape(t, [-1]), 0, SAMPLE))) };
    });
    const [a, g] = await Promise.all([sampled.acts.data(), sampled.grads.data()]);
    tf.dispose(sampled);
    const activations: InitResult['activations'] = [];
    const gradients: InitResult['gradients'] = [];
    for (let l = 0; l < o.depth; l++) {
      for (let j = 0; j < SAMPLE; j++) {
        activations.push({ layer: l + 1, value: a[l * SAMPLE + j]! });
        gradients.push({ layer: l + 1, value: g[l * SAMPLE + j]! });
      }
    }
    return {
      layers: stats.map((s, i) => ({ layer: i + 1, std: s.std, mean: s.mean, saturated: s.saturated, dead: s.dead, gradNorm: grads.layers[i]?.paramGradNorm ?? NaN })),
      activations,
      gradients,
    };
  } finally {
    tf.dispose([x, ...ws]);
  }
}
