import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { fit } from '../src/index.js';
import fx from './fixtures/fit.json';

// scripts/fixtures/train/gen_fit.py: PyTorch 1.13's loop, full batch, SGD Nesterov + weight decay,
// OneCycleLR per step, validation in eval mode each epoch.
describeBackends('fit against PyTorch', () => {
  it('gives the same losses, validation figures, rates and final weights', async () => {
    const model = sequential(dense(4, 8), relu, dense(8, 3));
    const init = tf.tidy(() => Object.fromEntries(Object.entries(fx.init).map(([k, v]) => [k, tf.tensor(v as number[])])));
    model.loadStateDict(init);
    tf.dispose(Object.values(init));
    const optimizer = new Optimizer(sgd({ lr: 0.5, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }), model.parameters());
    const [x, y, xv, yv] = tf.tidy(() => [tf.tensor2d(fx.x), tf.tensor1d(fx.y, 'int32'), tf.tensor2d(fx.xv), tf.tensor1d(fx.yv, 'int32')]);
    const r = await expectNoLeak(() =>
      fit({ model, optimizer, data: { x: x!, y: y! }, validation: { x: xv!, y: yv! }, epochs: fx.epochs, batchSize: 24, schedule: oneCycle({ maxLr: 0.5, totalSteps: fx.epochs, cycleMomentum: false }), rng: 0 }),
    );
    // float32 on every backend: 1e-5 relative (sums over a permuted batch differ in the last bits)
    await expectTensorsClose(r.history.epochs.map((e) => e.loss), fx.losses, { rtol: 1e-5, atol: 1e-6 });
    await expectTensorsClose(r.history.epochs.map((e) => e.valLoss!), fx.valLosses, { rtol: 1e-5, atol: 1e-6 });
    await expectTensorsClose(r.history.epochs.map((e) => e.valAccuracy!), fx.valAccuracy, { rtol: 1e-6, atol: 0 });
    await expectTensorsClose(r.history.lr, fx.lrs, { rtol: 1e-9, atol: 0 });
    const final = model.stateDict();
    const expected = tf.tidy(() => Object.fromEntries(Object.entries(fx.final).map(([k, v]) => [k, tf.tensor(v as number[])])));
    await expectTensorsClose(final, expected, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([...Object.values(final), ...Object.values(expected), x!, y!, xv!, yv!]);
    model.dispose();
    optimizer.dispose();
  });
});
