import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectClose, finiteDiff, outputSize, rand, setup, tf } from './helpers.js';

beforeAll(setup);

const cases: { name: string; shape: number[]; eps: number }[] = [
  { name: 'NHWC images', shape: [3, 4, 5, 6], eps: 1e-5 },
  { name: '[N, C] features', shape: [9, 4], eps: 1e-3 },
  { name: '[N, L, C] sequences', shape: [2, 5, 3], eps: 1e-5 },
];

/** Batch norm in float64, straight from the definition: y and the batch statistics. */
function reference(x: Float32Array, g: Float32Array, b: Float32Array, c: number, eps: number) {
  const rows = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let i = 0; i < x.length; i++) mean[i % c]! += x[i]! / rows;
  for (let i = 0; i < x.length; i++) variance[i % c]! += (x[i]! - mean[i % c]!) ** 2 / rows;
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = ((x[i]! - mean[i % c]!) / Math.sqrt(variance[i % c]! + eps)) * g[i % c]! + b[i % c]!;
  return { y, mean: Float32Array.from(mean), variance: Float32Array.from(variance) };
}

for (const backend of BACKENDS) {
  describe(`DlBatchNormTrain [${backend}]`, () => {
    for (const c of cases) {
      it(`${c.name}: y and the batch statistics`, async () => {
        await tf.setBackend(backend);
        const ch = c.shape.at(-1)!;
        // An offset far above the spread: a one-pass variance would lose digits here.
        const x = rand(outputSize(c.shape), 101).map((v) => 50 + v);
        const g = rand(ch, 102);
        const b = rand(ch, 103);
        const out = tf.tidy(() =>
          (tf.engine().runKernel('DlBatchNormTrain', { x: tf.tensor(x, c.shape), gamma: tf.tensor(g), beta: tf.tensor(b) }, { eps: c.eps }) as tf.Tensor[]).map(
            (t) => t.dataSync() as Float32Array,
          ),
        );
        const ref = reference(x, g, b, ch, c.eps);
        expectClose(out[0]!, ref.y, 1e-4, 1e-4);
        expectClose(out[1]!, ref.mean, 1e-6, 0);
        expectClose(out[2]!, ref.variance, 1e-4, 1e-7);
        expectClose(out[3]!, ref.variance.map((v) => 1 / Math.sqrt(v + c.eps)), 1e-4, 0);
      });

      it(`${c.name}: gradients of x, gamma and beta match finite differences`, async () => {
        const ch = c.shape.at(-1)!;
        const inputs = {
          x: { shape: c.shape, values: rand(outputSize(c.shape), 111) },
          gamma: { shape: [ch], values: rand(ch, 112).map((v) => 1 + v / 2) },
          beta: { shape: [ch], values: rand(ch, 113) },
        };
        const dy = rand(outputSize(c.shape), 114);
        const forward = (ts: Record<string, tf.Tensor>) => (tf.engine().runKernel('DlBatchNormTrain', ts, { eps: c.eps }) as tf.Tensor[])[0]!;
        await tf.setBackend(backend);
        // The registered gradient, called as the engine's backprop calls it (this package's tests
        // load tfjs-core without the gradients of the stock ops, so no tf.grads here).
        const grads = tf.tidy(() => {
          const ts = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
          const [, mean, , invStd] = tf.engine().runKernel('DlBatchNormTrain', ts, { eps: c.eps }) as tf.Tensor[];
          const g = tf.getGradient('DlBatchNormTrain')!.gradFunc([tf.tensor(dy, c.shape)], [ts.x!, ts.gamma!, mean!, invStd!], { eps: c.eps });
          return [g.x!(), g.gamma!(), g.beta!()].map((t) => t.dataSync() as Float32Array);
        });
        for (const [k, wrt] of (['x', 'gamma', 'beta'] as const).entries()) {
          const fd = await finiteDiff(backend, forward, inputs, wrt, dy, 1e-2);
          expectClose(grads[k]!, fd, 2e-3, 2e-3);
        }
      });
    }

    it('leaves no tensor and no backend buffer behind', async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const dataIds = tf.backend().numDataIds();
      tf.tidy(() => {
        const x = tf.tensor(rand(24, 121), [4, 6]);
        const [, mean, , invStd] = tf.engine().runKernel('DlBatchNormTrain', { x, gamma: tf.ones([6]), beta: tf.zeros([6]) }, { eps: 1e-5 }) as tf.Tensor[];
        tf.engine().runKernel('DlBatchNormTrainGrad', { dy: tf.onesLike(x), x, mean: mean!, invStd: invStd!, gamma: tf.ones([6]) }, {});
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.backend().numDataIds()).toBe(dataIds);
    });

    it('refuses tensors that are not float32, naming the kernel', async () => {
      await tf.setBackend(backend);
      expect(() =>
        tf.tidy(() => tf.engine().runKernel('DlBatchNormTrain', { x: tf.tensor([[1, 2]], [1, 2], 'int32'), gamma: tf.ones([2]), beta: tf.zeros([2]) }, { eps: 1e-5 })),
      ).toThrow(/DlBatchNormTrain takes float32 tensors, got int32/);
    });
  });
}
