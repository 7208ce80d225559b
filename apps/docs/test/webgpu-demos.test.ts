// The demos the other files run on webgl only, each run once on webgpu at a small budget where
// Chromium has an adapter (SwiftShader's Vulkan here): no error, the run really on webgpu, a value
// in its range, every tensor freed, no console error. Skipped without an adapter.
import { describe, expect, it } from 'vitest';
import { clickAndWait, finished, hasWebgpu, newPage, fileSession } from './site.js';

const session = fileSession('webgpu demos');

describe('the other demos on webgpu', () => {
  it('[webgpu] schedules, augmentation, transfer, the transferability curve, LR range test, overfitting, snapshots and TTA run on webgpu', async (ctx) => {
    const { page, errors } = await newPage(session);
    await page.goto(`${session.url}guide/schedulers.html?backend=webgl&steps=5`);
    if (!(await hasWebgpu(page))) {
      await page.close();
      ctx.skip();
    }
    const onWebgpu = (r: { error?: string; backend?: string; numTensors?: number; baseline?: number }, what: string) => {
      expect(r.error, what).toBeUndefined();
      expect(r.backend, what).toBe('webgpu');
      expect(r.numTensors, what).toBe(r.baseline);
    };

    await page.goto(`${session.url}guide/schedulers.html?backend=webgpu&schedule=oneCycle&steps=40`);
    const schedules = await finished(page, 'schedules');
    onWebgpu(schedules, 'schedules');
    expect(schedules.result.max).toBeGreaterThan(0);

    await page.goto(`${session.url}guide/augment.html?backend=webgpu&count=2&seed=2`);
    const augment = await finished(page, 'augment');
    onWebgpu(augment, 'augment');
    expect(augment.result.inked).toBe(augment.result.canvases);

    await page.goto(`${session.url}guide/transfer.html?backend=webgpu&examples=10&epochs=1&testSize=20&seed=0&cExamples=10&cEpochs=1&cTestSize=20&cSeed=0&cModes=AnB`);
    await page.waitForSelector('[data-demo=transfer]');
    const transfer = await clickAndWait(page, 'transfer');
    onWebgpu(transfer, 'transfer');
    expect(Object.keys(transfer.result.final)).toEqual(['scratch', 'frozen features', 'fine-tuned']);
    const curve = await clickAndWait(page, 'transferability');
    onWebgpu(curve, 'transferability');
    expect(curve.result.points.filter((p: any) => p.kind === 'AnB').map((p: any) => p.n)).toEqual([1, 2, 3]);
    for (const p of curve.result.points) expect(p.accuracy).toBeGreaterThanOrEqual(0), expect(p.accuracy).toBeLessThanOrEqual(1);

    await page.goto(`${session.url}guide/train.html?backend=webgpu&optimizer=adam&batchSize=32&trainSize=200&seed=0&lrMin=0.00001&lrMax=1&lrSteps=8&lr=0.003&overfitSize=16&overfitEpochs=40`);
    await page.waitForSelector('[data-demo=train]');
    const range = await clickAndWait(page, 'train', 'lr-range', 'lr-range');
    onWebgpu(range, 'lr-range');
    expect(Number.isFinite(range.result.suggestedLr)).toBe(true);
    const overfit = await clickAndWait(page, 'train', 'overfit', 'overfit');
    onWebgpu(overfit, 'overfit');
    expect(overfit.result.accuracy).toBeGreaterThan(0.9);

    await page.goto(`${session.url}guide/ensemble.html?backend=webgpu&snap.epochs=2&snap.cycles=2&snap.trainSize=200&snap.batchSize=50&snap.seed=0&tta.count=20&tta.views=flip&tta.shown=2&tta.seed=0`);
    await page.waitForSelector('[data-demo=snapshots]');
    const snapshots = await clickAndWait(page, 'snapshots');
    onWebgpu(snapshots, 'snapshots');
    // 2 epochs of 4 steps in 2 cycles: snapshots after steps 4 and 8, the rate the run used is snapshotCosine's.
    expect(snapshots.result.snapshots.map((p: any) => p.step)).toEqual([4, 8]);
    expect(snapshots.result.lrMaxDiff).toBeLessThan(1e-6);
    const tta = await clickAndWait(page, 'tta');
    onWebgpu(tta, 'tta');
    expect(tta.result.ttaAccuracy).toBeGreaterThan(0.5);

    expect(errors).toEqual([]);
    await page.close();
  });
});
