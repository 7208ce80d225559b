// The native (wasm SIMD) loops against the JavaScript loops they replace on wasm: the same
// values, bit for bit (signed zeros aside), over shapes that take the SIMD and the scalar paths.
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeKernels, setNativeKernels } from '../src/internal/native.js';
import { expectClose, rand, setup, tf } from './helpers.js';
import { convGeometry } from '../src/internal/geometry.js';
import { adamStepWasm, hasNativeKernels, sgdStepWasm } from '../src/index.js';

beforeAll(async () => {
  await setup();
  await tf.setBackend('wasm');
  for (const k of [adamStepWasm, sgdStepWasm]) if (tf.getKernel(k.kernelName, 'wasm') === undefined) tf.registerKernel(k);
});

/** Runs `make` with the native loops and with the JavaScript ones; returns both outputs' values. */
function both(make: () => tf.Tensor | tf.Tensor[]): [Float32Array[], Float32Array[]] {
  const run = (native: boolean) => {
    setNativeKernels(native);
    const backend = tf.backend();
    const ids = backend.numDataIds();
    try {
      const out = tf.tidy(() => {
        const o = make();
        return (Array.isArray(o) ? o : [o]).map((t) => t.dataSync() as Float32Array);
      });
      // Every scratch buffer freed.
      expect(backend.numDataIds()).toBe(ids);
      return out;
    } finally {
      setNativeKernels(true);
    }
  };
  return [run(true), run(false)];
}

function expectSame(native: Float32Array[], js: Float32Array[]): void {
  expect(native.length).toBe(js.length);
  native.forEach((a, k) => {
    const b = js[k]!;
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      // +0 and -0 count as one value (the native max-pool gradient masks, the JavaScript multiplies by 0).
      if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) {
        throw new Error(`output ${k}, element ${i}: native ${a[i]}, JavaScript ${b[i]}`);
      }
    }
  });
}

describe('native wasm loops', () => {
  it('are available on the wasm backend (SIMD)', () => {
    expect(nativeKernels(tf.backend())).toBeDefined();
  });

  for (const shape of [[4, 6, 5, 32], [7, 12], [3, 5, 6], [2, 3, 3, 3], [5, 1]]) {
    it(`batch norm forward and backward on [${shape}]`, () => {
      const c = shape.at(-1)!;
      const size = shape.reduce((a, b) => a * b, 1);
      const x = rand(size, 1).map((v) => 50 + 3 * v);
      for (const affine of [true, false]) {
        expectSame(
          ...both(() => {
            const xt = tf.tensor(x, shape);
            const inputs: Record<string, tf.Tensor> = affine ? { x: xt, gamma: tf.tensor(rand(c, 2)), beta: tf.tensor(rand(c, 3)) } : { x: xt };
            const [y, mean, variance, invStd] = tf.engine().runKernel('DlBatchNormTrain', inputs, { eps: 1e-5 }) as tf.Tensor[];
            const grads = tf.engine().runKernel(
              'DlBatchNormTrainGrad',
              { dy: tf.tensor(rand(size, 4), shape), x: xt, mean: mean!, invStd: invStd!, ...(affine ? { gamma: tf.tensor(rand(c, 2)) } : {}) },
              {},
            ) as tf.Tensor[];
            return [y!, mean!, variance!, invStd!, ...grads];
          }),
        );
      }
    });
  }

  for (const c of [8, 5, 1]) {
    it(`max-pool gradient, 2x2 windows, ${c} channels, with ties and NaN windows`, () => {
      const shape = [3, 6, 4, c];
      const size = shape.reduce((a, b) => a * b, 1);
      // Rounded values tie often; a few NaNs.
      const x = rand(size, 5).map((v, i) => (i % 37 === 0 ? NaN : Math.round(v * 2)));
      const dy = rand(size / 4, 6).map((v, i) => (i % 11 === 0 ? -v : v));
      expectSame(...both(() => tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor(dy, [3, 3, 2, c]), input: tf.tensor(x, shape) }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor));
    });
  }

  const pools = [
    { x: [2, 11, 11, 8], filterSize: 2, strides: 2, pad: 'valid' as const },
    { x: [2, 9, 7, 5], filterSize: 3, strides: 2, pad: 'same' as const },
    { x: [1, 6, 6, 4], filterSize: 2, strides: 1, pad: 'valid' as const },
    { x: [2, 7, 8, 6], filterSize: [3, 2] as [number, number], strides: [2, 1] as [number, number], pad: 'same' as const },
    { x: [1, 5, 5, 1], filterSize: 3, strides: 3, pad: 'same' as const },
  ];
  for (const p of pools) {
    it(`max-pool gradient, x [${p.x}] window ${p.filterSize} stride ${p.strides} ${p.pad}, with ties, NaN and -Infinity`, () => {
      const size = p.x.reduce((a, b) => a * b, 1);
      const x = rand(size, 21).map((v, i) => (i % 29 === 0 ? NaN : i % 31 === 0 ? -Infinity : Math.round(v * 2)));
      const y = tf.tidy(() => tf.maxPool(tf.tensor4d(rand(size, 1), p.x as [number, number, number, number]), p.filterSize, p.strides, p.pad));
      const dy = rand(y.size, 22);
      expectSame(...both(() => tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor(dy, y.shape), input: tf.tensor(x, p.x) }, { filterSize: p.filterSize, strides: p.strides, pad: p.pad }) as tf.Tensor));
      y.dispose();
    });
  }

  const convs = [
    { x: [2, 9, 8, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' as const, dilations: 1 },
    { x: [2, 9, 8, 1], f: [3, 3, 1, 4], strides: 2, pad: 'valid' as const, dilations: 1 },
    { x: [1, 10, 9, 2], f: [3, 2, 2, 3], strides: [1, 2] as [number, number], pad: 'same' as const, dilations: 1 },
    { x: [2, 12, 11, 1], f: [3, 3, 1, 20], strides: 1, pad: 'same' as const, dilations: 1 },
    { x: [1, 9, 10, 3], f: [5, 4, 3, 35], strides: 2, pad: 'valid' as const, dilations: 1 },
    { x: [2, 10, 9, 2], f: [3, 3, 2, 16], strides: 1, pad: 'same' as const, dilations: 2 },
    { x: [2, 7, 6, 8], f: [3, 3, 8, 4], strides: 1, pad: 'same' as const, dilations: 1 },
    { x: [1, 9, 8, 9], f: [2, 3, 9, 5], strides: 2, pad: 'valid' as const, dilations: 1 },
    { x: [2, 11, 10, 12], f: [3, 3, 12, 2], strides: 1, pad: [[0, 0], [2, 1], [1, 2], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]], dilations: 2 },
  ];
  // Both gradients of each convolution: the filter gradient's im2col and the input gradient's
  // spread of dy run natively or in JavaScript, before the same XNNPACK GEMM or convolution.
  for (const k of convs) {
    const title = `x [${k.x}] filter [${k.f}] stride ${k.strides} pad ${JSON.stringify(k.pad)} dilation ${k.dilations}`;
    const attrs = { strides: k.strides, pad: k.pad, dataFormat: 'NHWC', dilations: k.dilations, filterShape: k.f, inputShape: k.x } as unknown as tf.NamedAttrMap;
    const g = convGeometry(k.x, k.f, k.strides, k.dilations, k.pad as never, undefined, false);
    const outShape = [g.n, g.oh, g.ow, g.oc];
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const [x, w, dy] = [rand(size(k.x), 7), rand(size(k.f), 9), rand(size(outShape), 8)];
    const filterGrad = () => tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(x, k.x), dy: tf.tensor(dy, outShape) }, attrs) as tf.Tensor;
    if (g.c >= 8) {
      it(`conv filter gradient's im2col, ${title}`, () => expectSame(...both(filterGrad)));
    } else {
      // Few input channels: natively a direct loop (float32 per output row, float64 across rows),
      // in JavaScript im2col + XNNPACK's float32 GEMM, so equal up to float32 rounding only.
      it(`conv filter gradient's direct loop, ${title}`, () => {
        const [[native], [js]] = both(filterGrad);
        expect(native!.length).toBe(js!.length);
        expectClose(native!, js!, 1e-5, 1e-5);
      });
    }
    it(`conv input gradient's spread and padding, ${title}`, () => {
      expectSame(...both(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dy, outShape), filter: tf.tensor(w, k.f) }, attrs) as tf.Tensor));
    });
  }

  for (const [shape, axis] of [[[6, 5, 4, 8], [0, 1, 2]], [[9, 7], [0]], [[4, 3, 6], [2]], [[5, 4, 3], [1, 2]]] as [number[], number[]][]) {
    it(`sum and mean of [${shape}] over [${axis}]`, () => {
      const x = rand(shape.reduce((a, b) => a * b, 1), 9).map((v) => 10 + v);
      expectSame(...both(() => [tf.sum(tf.tensor(x, shape), axis), tf.mean(tf.tensor(x, shape), axis, true)]));
    });
  }
});

describe('native fused optimizer steps', () => {
  const n = 103; // 25 SIMD groups and a tail of 3
  const sgdCases = [
    { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 5e-4, maximize: false, first: false },
    { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, first: true },
    { lr: 0.01, momentum: 0.5, dampening: 0.3, nesterov: false, weightDecay: 1, maximize: true, first: false },
    { lr: 0.2, momentum: 1, dampening: 0, nesterov: true, weightDecay: 0.01, maximize: false, first: false },
    { lr: 0.3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.1, maximize: false, first: false },
  ];
  for (const a of sgdCases) {
    it(`SGD ${JSON.stringify(a)}`, () => {
      expectSame(
        ...both(() => {
          const inputs: Record<string, tf.Tensor> = { grad: tf.tensor(rand(n, 11)), buf: tf.tensor(rand(n, 12)), param: tf.tensor(rand(n, 13)) };
          return tf.engine().runKernel('DlSgdStep', inputs, a as unknown as tf.NamedAttrMap) as tf.Tensor[];
        }),
      );
    });
  }
  const adamCases = [
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, biasCorrection1: 1 - 0.9 ** 3, biasCorrection2Sqrt: Math.sqrt(1 - 0.999 ** 3), weightDecay: 0, decoupled: false, maximize: false, amsgrad: false },
    { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, biasCorrection1: 0.2, biasCorrection2Sqrt: 0.1, weightDecay: 0.01, decoupled: true, maximize: false, amsgrad: true },
    { lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, biasCorrection1: 0.5, biasCorrection2Sqrt: 0.3, weightDecay: 1, decoupled: false, maximize: true, amsgrad: true },
  ];
  for (const a of adamCases) {
    it(`Adam ${JSON.stringify({ ...a, biasCorrection1: undefined, biasCorrection2Sqrt: undefined })}`, () => {
      const vMax = rand(n, 17).map((v, i) => (i % 9 === 0 ? NaN : Math.abs(v)));
      expectSame(
        ...both(() => {
          const inputs: Record<string, tf.Tensor> = {
            grad: tf.tensor(rand(n, 14)),
            m: tf.tensor(rand(n, 15)),
            v: tf.tensor(rand(n, 16).map(Math.abs)),
            vMax: tf.tensor(vMax),
            param: tf.tensor(rand(n, 18)),
          };
          return tf.engine().runKernel('DlAdamStep', inputs, a as unknown as tf.NamedAttrMap) as tf.Tensor[];
        }),
      );
    });
  }
});

describe('hasNativeKernels', () => {
  it('is true on wasm, false on cpu and when the native loops are off', async () => {
    expect(hasNativeKernels()).toBe(true);
    setNativeKernels(false);
    expect(hasNativeKernels()).toBe(false);
    setNativeKernels(true);
    await tf.setBackend('cpu');
    expect(hasNativeKernels()).toBe(false);
    await tf.setBackend('wasm');
  });
});
