// Parameters without a gradient in some steps (PyTorch's `grad is None`) against PyTorch 1.13
// (test/fixtures/missing-grads.json): PyTorch keeps a step count per parameter (and NAdam a
// mu_product, SGD a momentum buffer that starts on the parameter's first gradient), so a
// parameter that missed steps has its own, smaller bias corrections. The transformations keep
// those per parameter name; the Optimizer's handling (update with a zero gradient, then restore
// the parameter's per-name state entries and leave it unchanged) is simulated here by
// support/missing-grads.ts, through the fused kernels where the backend has them and composed.
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import * as optim from '../src/index.js';
import type { GradientTransformation } from '../src/index.js';
import { restoreEntries, stepCounts, stepWithMissing } from './support/missing-grads.js';
import fx from './fixtures/missing-grads.json';

interface MissingCase {
  optimizer: string;
  options: Record<string, unknown>;
  shapes: Record<string, number[]>;
  missing: string[][];
  params: Record<string, number[]>;
  grads: Record<string, number[]>[];
  trajectory: Record<string, number[]>[];
  torchSteps: Record<string, number>;
}
const CASES = fx.cases as unknown as MissingCase[];
const TOLERANCE = { rtol: 1e-6, atol: 1e-6 };

const title = (c: MissingCase): string =>
  `${c.optimizer}(${JSON.stringify(c.options)}), no gradient for ${c.missing.map((m, s) => m.map((n) => `${n} in step ${s + 1}`)).flat().join(', ')}`;

/** Whether a shared step count would give other numbers here (the per-parameter counts matter). */
const countsMatter = (c: MissingCase): boolean =>
  ['adam', 'adamw', 'adamax', 'nadam', 'radam', 'adagrad'].includes(c.optimizer) || (c.optimizer === 'sgd' && (c.options.dampening ?? 0) !== 0);

/** Every step's parameters (flattened, read back once) and the final state's per-parameter step counts. */
async function run(c: MissingCase, numbers = true): Promise<{ values: Float32Array; counts: Record<string, number>[] }> {
  const factory = (optim as unknown as Record<string, (o: unknown) => GradientTransformation<any>>)[c.optimizer]!;
  const tx = factory(c.options);
  const names = Object.keys(c.shapes);
  let params: NamedTensors = tf.tidy(() => Object.fromEntries(names.map((n) => [n, tf.tensor(c.params[n]!, c.shapes[n])])));
  let state = tf.tidy(() => tx.init(params) as tf.TensorContainer) as unknown;
  const snapshots: tf.Tensor[] = [];
  try {
    for (let s = 0; s < c.grads.length; s++) {
      const given: NamedTensors = tf.tidy(() =>
        Object.fromEntries(names.filter((n) => !c.missing[s]!.includes(n)).map((n) => [n, tf.tensor(c.grads[s]![n]!, c.shapes[n])])),
      );
      ({ params, state } = stepWithMissing(tx, state, params, given, { numbers }));
      tf.dispose(given);
      snapshots.push(tf.tidy(() => tf.concat(names.map((n) => tf.reshape(params[n]!, [-1])))));
    }
    const all = tf.stack(snapshots);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    return { values, counts: stepCounts(state, new Set(names)) };
  } finally {
    tf.dispose(snapshots);
    tf.dispose(params);
    tf.dispose(state as tf.TensorContainer);
  }
}

/** Throws naming the first step and parameter beyond the tolerance. */
async function compare(c: MissingCase, values: Float32Array): Promise<void> {
  let offset = 0;
  for (let s = 0; s < c.grads.length; s++) {
    for (const n of Object.keys(c.shapes)) {
      const expected = c.trajectory[s]![n]!;
      const actual = values.subarray(offset, offset + expected.length);
      offset += expected.length;
      try {
        await expectTensorsClose(actual, expected, TOLERANCE);
      } catch (e) {
        throw new Error(`step ${s + 1}, ${n}: ${(e as Error).message}`);
      }
    }
  }
}

describeBackends('per-parameter step counts match torch.optim when gradients are missing', () => {
  for (const c of CASES) {
    for (const fused of [true, false]) {
      it(`${title(c)}${fused ? '' : ' (composed)'}`, async () => {
        const previous = optim.setFusedKernels(fused);
        try {
          const { values, counts } = await expectNoLeak(() => run(c));
          await compare(c, values);
          // the counts PyTorch ended with, per parameter
          if (countsMatter(c)) expect(counts.length).toBeGreaterThan(0);
          for (const count of counts) expect(count).toEqual(c.torchSteps.w === undefined ? count : c.torchSteps);
        } finally {
          optim.setFusedKernels(previous);
        }
      });
    }
  }

  it('the fixtures tell per-parameter counts from a shared one', async () => {
    for (const c of CASES.filter(countsMatter)) {
      const { values } = await run(c, false);
      await expect(compare(c, values), title(c)).rejects.toThrow('values differ');
    }
  });
});

describe('restoreEntries (the test helper)', () => {
  it("takes back a missing parameter's entries in records keyed by parameter names, and nothing else", () => {
    const names = new Set(['w', 'b']);
    const old = [{ count: { w: 1, b: 1 }, mu: { w: 'mw0', b: 'mb0' } }, { count: 1 }, { hyperparams: { lr: 0.1 }, inner: [{ b: 'x0' }] }];
    const next = [{ count: { w: 2, b: 2 }, mu: { w: 'mw1', b: 'mb1' } }, { count: 2 }, { hyperparams: { lr: 0.2 }, inner: [{ b: 'x1' }] }];
    expect(restoreEntries(next, old, new Set(['b']), names)).toEqual([{ count: { w: 2, b: 1 }, mu: { w: 'mw1', b: 'mb0' } }, { count: 2 }, { hyperparams: { lr: 0.2 }, inner: [{ b: 'x0' }] }]);
    expect(restoreEntries(next, old, new Set(['b']), names, false)).toEqual([{ count: { w: 2, b: 2 }, mu: { w: 'mw1', b: 'mb0' } }, { count: 2 }, { hyperparams: { lr: 0.2 }, inner: [{ b: 'x0' }] }]);
  });
});
