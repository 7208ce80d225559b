// The @dl/ensemble demos of guide/ensemble in headless Chromium (the built site, served as
// docs.test.ts serves it): EMA and SWA against the raw weights, a snapshot ensemble, and TTA on the
// zoo's CNN, each run on webgl and checked by value; a stop mid-run; every tensor freed; state
// restored from the URL; one demo on webgpu where Chromium has an adapter.
import { describe, expect, it } from 'vitest';
import { clickAndWait, hasWebgpu, newPage, plotPaths, shot, stopMidRun, fileSession } from './site.js';

const session = fileSession('ensemble demos');

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the ensemble demos on webgl', () => {
  it('[webgl] EMA and SWA against the raw weights: three curves above chance, stop frees every tensor, state from the URL', async () => {
    const { page, errors } = await newPage(session);
    const query = 'backend=webgl&avg.epochs=6&avg.trainSize=600&avg.batchSize=50&avg.lr=0.1&avg.decay=0.95&avg.swaStart=4&avg.swaLr=0.02&avg.seed=0';
    await page.goto(`${session.url}guide/ensemble.html?${query}`);
    await page.waitForSelector('[data-demo=averaging]');
    const r = await clickAndWait(page, 'averaging');
    console.log('averaging:', JSON.stringify(r.result.final), 'EMA updates', r.result.emaUpdates, 'SWA averaged', r.result.swaAveraged);
    expect(r.error).toBeUndefined();
    expect(r.backend).toBe('webgl');
    expect(r.result.epochsDone).toBe(6);
    expect(r.result.testCount).toBe(500);
    const of = (w: string) => r.result.points.filter((p: any) => p.weights === w);
    expect(of('raw').map((p: any) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(of('EMA').map((p: any) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(of('SWA').map((p: any) => p.epoch)).toEqual([4, 5, 6]); // from swaStart on
    for (const p of r.result.points) {
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(p.loss)).toBe(true);
    }
    // 10 classes: chance is 0.1; this MLP on 600 images reaches about 0.8 (0.796 / 0.808 / 0.800 on cpu in Node)
    for (const w of ['raw', 'EMA', 'SWA']) expect(r.result.final[w], w).toBeGreaterThan(0.6);
    expect(r.result.emaUpdates).toBe(6 * 12); // one per step: 600 / 50 = 12 steps an epoch
    expect(r.result.swaAveraged).toBe(3);
    // SWALR: the constant 0.1 until epoch 3, then annealed to swaLr (one annealing epoch)
    expect(r.result.lr[0]).toBeCloseTo(0.1, 6);
    expect(r.result.lr[5]).toBeCloseTo(0.02, 6);
    // the two averages are not the raw weights: their figures differ somewhere
    expect(of('EMA').some((p: any, i: number) => p.loss !== of('raw')[i].loss)).toBe(true);
    expect(r.numTensors).toBe(r.baseline);
    expect(await plotPaths(page, '[data-plot=averaging]')).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('[data-out=ema]')).toMatch(/^\d+\.\d %$/);
    await shot(page, 'demo-ensemble-averaging');

    // Stop mid-run: the run ends at the next step and every tensor is freed (the averages too).
    const stopped = await stopMidRun(page, 'averaging', 'start', 'averaging', `(() => { const d = window.__dlDocs.demos.averaging; return d.status === 'running' && document.querySelectorAll('[data-plot=averaging] path').length > 0; })()`);
    console.log(`averaging stopped after epoch ${stopped.result?.epochsDone}`);
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeUndefined();
    expect(stopped.result.epochsDone).toBeLessThan(6);
    expect(stopped.numTensors).toBe(stopped.baseline);

    // A control is written to the URL, and the URL restores it.
    await page.fill('[data-demo=averaging] [data-control=decay]', '0.9');
    await page.waitForFunction(() => location.search.includes('avg.decay=0.9'));
    const shared = page.url();
    expect(shared).toContain('avg.swaStart=4');
    const { page: again, errors: againErrors } = await newPage(session);
    await again.goto(shared);
    await again.waitForSelector('[data-demo=averaging] [data-control=decay]');
    expect(await again.inputValue('[data-demo=averaging] [data-control=decay]')).toBe('0.9');
    expect(await again.inputValue('[data-demo=averaging] [data-control=swaStart]')).toBe('4');
    expect(await again.inputValue('[data-demo=averaging] [data-control=epochs]')).toBe('6');
    expect(againErrors).toEqual([]);
    await again.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('[webgl] snapshot ensemble: the cyclic cosine schedule, one snapshot per cycle, the ensemble beats its members on average', async () => {
    const { page, errors } = await newPage(session);
    await page.goto(`${session.url}guide/ensemble.html?backend=webgl&snap.epochs=6&snap.cycles=3&snap.lr=0.1&snap.trainSize=600&snap.batchSize=50&snap.merge=mean&snap.seed=0`);
    await page.waitForSelector('[data-demo=snapshots]');
    const r = await clickAndWait(page, 'snapshots');
    const s = r.result;
    console.log('snapshots:', JSON.stringify(s.snapshots.map((p: any) => [p.step, +p.accuracy.toFixed(3), +p.ensembleAccuracy.toFixed(3)])), 'ensemble', JSON.stringify(s.ensemble), 'mean member', JSON.stringify(s.meanMember));
    expect(r.error).toBeUndefined();
    expect(r.backend).toBe('webgl');
    // 6 epochs of 12 steps in 3 cycles: snapshots after steps 24, 48, 72, and the rate the run used is snapshotCosine's
    expect(s.steps).toBe(72);
    expect(s.period).toBe(24);
    expect(s.snapshots.map((p: any) => p.step)).toEqual([24, 48, 72]);
    expect(s.lrMaxDiff).toBeLessThan(1e-6);
    expect(s.lrFirst).toBeCloseTo(0.1, 6);
    expect(s.lrMax).toBeCloseTo(0.1, 6);
    expect(s.lrMin).toBeLessThan(0.001); // the end of each cycle
    expect(s.snapshots.map((p: any) => p.members)).toEqual([1, 2, 3]);
    for (const p of s.snapshots) expect(p.accuracy).toBeGreaterThan(0.5); // chance 0.1
    // the ensemble of one is its member
    expect(s.snapshots[0].ensembleAccuracy).toBeCloseTo(s.snapshots[0].accuracy, 6);
    // averaged probabilities: the cross-entropy cannot exceed the members' mean (Jensen); accuracy at this seed is above it too
    expect(s.ensemble.loss).toBeLessThanOrEqual(s.meanMember.loss + 1e-6);
    expect(s.ensemble.accuracy).toBeGreaterThanOrEqual(s.meanMember.accuracy);
    expect(s.testCount).toBe(500);
    expect(r.numTensors).toBe(r.baseline);
    expect(await plotPaths(page, '[data-plot=schedule]')).toBeGreaterThanOrEqual(2);
    expect(await plotPaths(page, '[data-plot=members]')).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-plot=schedule] circle').count()).toBe(3);
    await shot(page, 'demo-ensemble-snapshots');

    const stopped = await stopMidRun(page, 'snapshots', 'start', 'snapshots', `(() => { const d = window.__dlDocs.demos.snapshots; return d.status === 'running' && document.querySelectorAll('[data-plot=schedule] path').length > 1; })()`);
    console.log(`snapshots stopped after step ${stopped.result?.steps}`);
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeUndefined();
    expect(stopped.result.stopped).toBe(true);
    expect(stopped.result.steps).toBeLessThan(72);
    expect(stopped.numTensors).toBe(stopped.baseline);

    await page.fill('[data-demo=snapshots] [data-control=cycles]', '5');
    await page.waitForFunction(() => location.search.includes('snap.cycles=5'));
    const { page: again, errors: againErrors } = await newPage(session);
    await again.goto(page.url());
    await again.waitForSelector('[data-demo=snapshots] [data-control=cycles]');
    expect(await again.inputValue('[data-demo=snapshots] [data-control=cycles]')).toBe('5');
    expect(await again.inputValue('[data-demo=snapshots] [data-control=merge]')).toBe('mean');
    expect(againErrors).toEqual([]);
    await again.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('[webgl] TTA on the zoo CNN: probability vectors, accuracy above chance with and without, the views drawn', async () => {
    const { page, errors } = await newPage(session);
    await page.goto(`${session.url}guide/ensemble.html?backend=webgl&tta.count=60&tta.views=flip&tta.beta=none&tta.merge=mean&tta.shown=4&tta.seed=0`);
    await page.waitForSelector('[data-demo=tta]');
    const check = (r: any, views: number) => {
      expect(r.error).toBeUndefined();
      expect(r.backend).toBe('webgl');
      const t = r.result;
      expect(t.count).toBe(60);
      for (const a of [t.plainAccuracy, t.ttaAccuracy]) {
        expect(typeof a).toBe('number');
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(a).toBeGreaterThan(0.75); // fashion-cnn: 0.83 on the first 60 test images on webgl (0.91 on the first 200); chance 0.1
      }
      expect(t.fixed + t.broken).toBeLessThanOrEqual(t.changed);
      expect(Math.abs(t.ttaAccuracy - t.plainAccuracy)).toBeLessThanOrEqual(t.changed / t.count + 1e-9);
      expect(t.shown).toHaveLength(4);
      for (const s of t.shown) {
        expect(s.plain).toHaveLength(10);
        expect(s.tta).toHaveLength(10);
        expect(sum(s.plain)).toBeCloseTo(1, 4);
        expect(sum(s.tta)).toBeCloseTo(1, 4);
        for (const p of [...s.plain, ...s.tta]) expect(p).toBeGreaterThanOrEqual(0);
      }
      expect(t.viewNames).toHaveLength(views);
      expect(t.canvases).toBe(4 * views);
      expect(t.inked).toBe(t.canvases); // no blank canvas
      expect(t.bars).toBeGreaterThanOrEqual(4 * 10);
      expect(r.numTensors).toBe(r.baseline);
    };
    const flip = await clickAndWait(page, 'tta');
    console.log('tta flip:', flip.result.plainAccuracy, '->', flip.result.ttaAccuracy, `changed ${flip.result.changed} (fixed ${flip.result.fixed}, broken ${flip.result.broken})`);
    check(flip, 2);
    await page.selectOption('[data-demo=tta] [data-control=views]', 'ten-crop');
    await page.waitForFunction(() => location.search.includes('tta.views=ten-crop'));
    const ten = await clickAndWait(page, 'tta');
    console.log('tta ten-crop:', ten.result.plainAccuracy, '->', ten.result.ttaAccuracy, `changed ${ten.result.changed} (fixed ${ten.result.fixed}, broken ${ten.result.broken})`);
    check(ten, 11);
    expect(ten.result.plainAccuracy).toBe(flip.result.plainAccuracy); // the same model on the same images
    await shot(page, 'demo-ensemble-tta');

    const stopped = await stopMidRun(page, 'tta', 'start', 'tta', `window.__dlDocs.demos.tta.status === 'running'`);
    console.log(`tta stop: ${stopped.status}`);
    expect(['stopped', 'done']).toContain(stopped.status);
    expect(stopped.error).toBeUndefined();
    expect(stopped.numTensors).toBe(stopped.baseline);

    const { page: again, errors: againErrors } = await newPage(session);
    await again.goto(page.url());
    await again.waitForSelector('[data-demo=tta] [data-control=views]');
    expect(await again.inputValue('[data-demo=tta] [data-control=views]')).toBe('ten-crop');
    expect(await again.inputValue('[data-demo=tta] [data-control=count]')).toBe('60');
    expect(againErrors).toEqual([]);
    await again.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('[webgpu] EMA and SWA run on webgpu where the browser has it', async (ctx) => {
    const { page, errors } = await newPage(session);
    await page.goto(`${session.url}guide/ensemble.html?backend=webgl`);
    const gpu = await hasWebgpu(page);
    if (!gpu) {
      await page.close();
      ctx.skip();
    }
    await page.goto(`${session.url}guide/ensemble.html?backend=webgpu&avg.epochs=2&avg.trainSize=200&avg.batchSize=50&avg.swaStart=2&avg.seed=1`);
    await page.waitForSelector('[data-demo=averaging]');
    const r = await clickAndWait(page, 'averaging');
    console.log('averaging on webgpu:', JSON.stringify(r.result?.final));
    expect(r.error).toBeUndefined();
    expect(r.backend).toBe('webgpu');
    expect(r.result.epochsDone).toBe(2);
    for (const w of ['raw', 'EMA', 'SWA']) expect(r.result.final[w], w).toBeGreaterThan(0.3); // 8 steps on 200 images; chance 0.1
    expect(r.numTensors).toBe(r.baseline);
    expect(errors).toEqual([]);
    await page.close();
  });
});
