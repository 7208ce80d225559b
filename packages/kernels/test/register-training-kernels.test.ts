import { beforeAll, describe, expect, it } from 'vitest';
import {
  adagradStepWebgl,
  adamStepWebgl,
  conv2dBackpropFilterWasm,
  rmspropStepWebgl,
  sgdStepWebgl,
  isTrainingKernelRegistered,
  registerTrainingKernels,
  trainingKernelConfigs,
  trainingKernelNames,
  unregisterTrainingKernels,
} from '../src/index.js';
import { expectClose, rand, setup, tf } from './helpers.js';

const NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'AvgPoolGrad',
];
const STEPS = ['DlAdamStep', 'DlSgdStep', 'DlRmspropStep', 'DlAdagradStep'];
const CPU = [...NAMES, 'Conv2D', 'Sum', 'Mean', 'DlBatchNormTrain', 'DlBatchNormTrainGrad', ...STEPS];
const WASM = [...NAMES, 'Sum', 'Mean', 'BatchMatMul', 'DlBatchNormTrain', 'DlBatchNormTrainGrad', 'GatherV2', 'Identity', 'DlAdamStep', 'DlSgdStep'];

beforeAll(setup);

describe('registerTrainingKernels', () => {
  it('registers every kernel for cpu and wasm and returns their names', () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      const names = backend === 'cpu' ? CPU : WASM;
      expect(registerTrainingKernels(backend)).toEqual(names);
      expect(trainingKernelNames(backend)).toEqual(names);
      expect(trainingKernelConfigs(backend).map((c) => c.backendName)).toEqual(names.map(() => backend));
      for (const name of names) expect(isTrainingKernelRegistered(name, backend)).toBe(true);
    }
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(conv2dBackpropFilterWasm);
  });

  it('is idempotent and silent', () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      registerTrainingKernels('wasm');
      registerTrainingKernels('wasm');
      registerTrainingKernels('cpu');
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([]);
    expect(tf.getKernelsForBackend('wasm').filter((k) => k.kernelName === 'Conv2DBackpropFilter')).toHaveLength(1);
  });

  it('unregisterTrainingKernels restores the stock kernels (and wasm has no Conv2DBackpropFilter again)', () => {
    expect(unregisterTrainingKernels('cpu')).toEqual(CPU);
    const stockMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'cpu');
    expect(isTrainingKernelRegistered('MaxPoolGrad', 'cpu')).toBe(false);
    expect(stockMaxPoolGrad).toBeDefined();
    expect(tf.getKernel('DlAdamStep', 'cpu')).toBeUndefined();
    expect(unregisterTrainingKernels('wasm')).toEqual(WASM);
    expect(tf.getKernel('DlAdamStep', 'wasm')).toBeUndefined();
    expect(tf.getKernel('DlRmspropStep', 'wasm')).toBeUndefined(); // opt-in only on wasm
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeDefined(); // the stock one
    registerTrainingKernels('cpu');
    registerTrainingKernels('wasm');
    expect(tf.getKernel('MaxPoolGrad', 'cpu')).not.toBe(stockMaxPoolGrad);
  });

  it('registers the four fused optimizer steps as WebGL programs for webgl (no webgl backend needed to register)', () => {
    const names = ['DlAdamStep', 'DlSgdStep', 'DlRmspropStep', 'DlAdagradStep'];
    expect(registerTrainingKernels('webgl')).toEqual(names);
    expect(names.map((n) => tf.getKernel(n, 'webgl'))).toEqual([adamStepWebgl, sgdStepWebgl, rmspropStepWebgl, adagradStepWebgl]);
    expect(unregisterTrainingKernels('webgl')).toEqual(names);
    for (const n of names) expect(tf.getKernel(n, 'webgl')).toBeUndefined();
  });

  it('rejects other backends with a RangeError naming the function', () => {
    expect(() => registerTrainingKernels('webgpu' as never)).toThrow(
      new RangeError(`registerTrainingKernels: backend must be 'cpu', 'wasm' or 'webgl', got "webgpu"`),
    );
    expect(() => trainingKernelNames('tensorflow' as never)).toThrow(RangeError);
  });

  it('NCHW falls back to the stock cpu kernel', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor(rand(2 * 3 * 5 * 5, 1), [2, 3, 5, 5]);
    const dy = tf.tensor(rand(2 * 4 * 3 * 3, 2), [2, 4, 3, 3]);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
    const ours = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
    // The same gradient from NHWC tensors.
    const nhwc = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.transpose(x, [0, 2, 3, 1]), dy: tf.transpose(dy, [0, 2, 3, 1]) },
      { ...attrs, dataFormat: 'NHWC' } as never,
    ) as tf.Tensor;
    expectClose(ours.dataSync() as Float32Array, nhwc.dataSync() as Float32Array, 1e-5, 1e-6);
    tf.dispose([x, dy, ours, nhwc]);
  });
});

// The backward pass of conv3x3(8) -> relu -> maxPool2 -> conv3x3 stride 2 (6) -> sum(y * t),
// chained by hand through the engine (tfjs-core's gradient registry is not loaded here).
async function cnnGradients(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) =>
    tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  return tf.tidy(() => {
    const x = tf.tensor4d(rand(4 * 12 * 12 * 3, 1), [4, 12, 12, 3]);
    const w1 = tf.tensor(rand(3 * 3 * 3 * 8, 2), [3, 3, 3, 8]);
    const w2 = tf.tensor(rand(3 * 3 * 8 * 6, 3), [3, 3, 8, 6]);
    const a1 = tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same');
    const h1 = tf.relu(a1);
    const p1 = tf.maxPool(h1, 2, 2, 'valid');
    const y = tf.conv2d(p1, w2 as tf.Tensor4D, 2, 'same');
    const dy = tf.tensor(rand(y.size, 4), y.shape);
    const dw2 = run('Conv2DBackpropFilter', { x: p1, dy }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 8, 6] });
    const dp1 = run('Conv2DBackpropInput', { dy, filter: w2 }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: p1.shape });
    const dh1 = run('MaxPoolGrad', { dy: dp1, input: h1, output: p1 }, { filterSize: 2, strides: 2, pad: 'valid' });
    const da1 = tf.mul(dh1, tf.step(a1));
    const dw1 = run('Conv2DBackpropFilter', { x, dy: da1 }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 8] });
    return [dw1.dataSync() as Float32Array, dw2.dataSync() as Float32Array];
  });
}

describe('CNN training gradients', () => {
  it('wasm matches cpu through a conv-relu-pool-conv network', async () => {
    const [cpu1, cpu2] = await cnnGradients('cpu');
    const [wasm1, wasm2] = await cnnGradients('wasm');
    // XNNPACK accumulates in float32 (cpu in float64): sums of a few thousand terms.
    expectClose(wasm1!, cpu1!, 1e-4, 1e-4);
    expectClose(wasm2!, cpu2!, 1e-4, 1e-4);
  });
});
