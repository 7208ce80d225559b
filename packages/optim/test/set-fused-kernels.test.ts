// Fused optimizer kernels (DlAdamStep, DlSgdStep, DlRmspropStep, DlAdagradStep from @dl/kernels,
// registered for cpu and wasm by useBackend, for webgl by this package on first use) against the composed tfjs-core ops,
// through the Optimizer on every PyTorch fixture case of the fused optimizers, on every backend.
// Tolerance on cpu: rtol 1e-6, atol 0 (a few float32 ulps; measured: bit-identical). On webgl the
// fixtures' 1e-5 / 1e-6: one shader per output lets the GPU compiler contract a*b+c into FMAs and
// divide through reciprocals, which the composed path (one rounded texture per op) does not, and
// tfjs's RealDiv shader returns exactly 1 for a == b. wasm has SGD's and Adam's (native SIMD
// loops; RMSprop's and Adagrad's are opt-in there, slower than XNNPACK); webgpu has none: both runs
// are composed there.
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { adagradStepWebgl, adamStepWebgl, rmspropStepWebgl, sgdStepWebgl } from '@dl/kernels';
import { FUSED_KERNEL_NAMES, Optimizer, adam, fusedKernels, setFusedKernels } from '../src/index.js';
import { caseTitle, cases, makeTransform, makeVariables } from './support/fixtures.js';
import type { Case } from './support/fixtures.js';

const FUSED = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'];
const EXACT = { rtol: 1e-6, atol: 0 };
const GPU = { rtol: 1e-5, atol: 1e-6 };

type Mode = 'fused' | 'composed' | 'alternate';

/** Every step's parameters and the final state's tensors, flattened, with fusing per `mode`. */
async function trajectory(c: Case, mode: Mode): Promise<Float32Array> {
  const previous = setFusedKernels(mode !== 'composed');
  const vars = makeVariables(c);
  const names = Object.keys(c.shapes);
  const opt = new Optimizer(makeTransform(c), vars, { groups: c.groups });
  const snapshots: tf.Tensor[] = [];
  try {
    for (let s = 0; s < c.grads.length; s++) {
      if (mode === 'alternate') setFusedKernels(s % 2 === 0); // the two paths share the state's layout
      const grads = tf.tidy(() => Object.fromEntries(Object.entries(c.shapes).map(([n, shape]) => [n, tf.tensor(c.grads[s]![n]!, shape)])));
      await opt.step(grads);
      tf.dispose(grads);
      snapshots.push(tf.tidy(() => tf.concat(names.map((n) => tf.reshape(vars[n]!, [-1])))));
    }
    const dict = opt.stateDict();
    const state = Object.values(dict.tensors).map((t) => tf.reshape(t, [-1]));
    const all = tf.concat([...snapshots, ...state]);
    const values = (await all.data()) as Float32Array;
    tf.dispose([all, ...state]);
    return values;
  } finally {
    setFusedKernels(previous);
    tf.dispose(snapshots);
    opt.dispose();
    tf.dispose(Object.values(vars));
  }
}

describeBackends('fused optimizer kernels match the composed ops', (backend) => {
  it('are found on cpu and webgl, SGD and Adam on wasm, none on webgpu', () => {
    const expected = backend === 'cpu' || backend === 'webgl' ? FUSED_KERNEL_NAMES : backend === 'wasm' ? ['DlAdamStep', 'DlSgdStep'] : [];
    expect(fusedKernels()).toEqual(expected);
    // On webgl they are @dl/kernels' shader programs, registered by this package on first use.
    if (backend === 'webgl') expect(FUSED_KERNEL_NAMES.map((n) => tf.getKernel(n, 'webgl'))).toEqual([adamStepWebgl, sgdStepWebgl, rmspropStepWebgl, adagradStepWebgl]);
    const previous = setFusedKernels(false);
    expect(fusedKernels()).toEqual([]);
    setFusedKernels(previous);
  });

  it('run one kernel per variable per step', async () => {
    if (fusedKernels().length === 0) return; // composed only here
    const w = tf.tidy(() => ({ a: tf.variable(tf.ones([3, 2])), b: tf.variable(tf.ones([4])) }));
    const opt = new Optimizer(adam({ lr: 0.1, weightDecay: 0.1 }), w);
    const grads = { a: tf.fill([3, 2], 0.5), b: tf.fill([4], -0.5) };
    await expectNoLeak(() => opt.step(grads));
    // tf.profile returns the engine's one profile object: copy the names before profiling again
    const fused = (await tf.profile(() => opt.step(grads))).kernels.map((k) => k.name);
    expect(fused.filter((k) => k === 'DlAdamStep')).toHaveLength(2);
    setFusedKernels(false);
    try {
      const composed = (await tf.profile(() => opt.step(grads))).kernels.map((k) => k.name);
      expect(composed).not.toContain('DlAdamStep');
      // fused: one DlAdamStep per variable, then the Optimizer's Add of each update to its variable
      expect(fused).toEqual(['DlAdamStep', 'DlAdamStep', 'Add', 'Add']);
      expect(composed.length).toBeGreaterThan(fused.length);
    } finally {
      setFusedKernels(true);
    }
    opt.dispose();
    tf.dispose([w.a, w.b, grads.a, grads.b]);
  });

  // Without kernels (webgpu; wasm for rmsprop and adagrad) both runs are the same composed code:
  // one case each checks the fallback.
  for (const name of FUSED) {
    const hasKernels = backend === 'cpu' || backend === 'webgl' || (backend === 'wasm' && ['sgd', 'adam', 'adamw'].includes(name));
    // switching paths mid-run on the first case of each (it costs a third run)
    (hasKernels ? cases(name) : cases(name).slice(0, 1)).forEach((c, i) => {
      it(`${caseTitle(c)}: fused = composed${i === 0 ? ' = alternating' : ''}`, async () => {
        const [fused, composed, alternate] = await expectNoLeak(async () => [
          await trajectory(c, 'fused'),
          await trajectory(c, 'composed'),
          i === 0 ? await trajectory(c, 'alternate') : null,
        ]);
        const tol = backend === 'webgl' ? GPU : EXACT;
        await expectTensorsClose(fused!, composed!, tol);
        if (alternate !== null) await expectTensorsClose(alternate, composed!, tol);
      });
    });
  }
});

describe('setFusedKernels', () => {
  it('returns the previous setting and rejects non-booleans', () => {
    expect(setFusedKernels(false)).toBe(true);
    expect(setFusedKernels(true)).toBe(false);
    expect(() => setFusedKernels(1 as never)).toThrow(new TypeError('setFusedKernels: enabled must be a boolean, got 1'));
  });
});
