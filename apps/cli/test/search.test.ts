import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { parseSearchArgs, searchCommand } from '../src/search.js';
import { capture, readSvg, stderrOf } from './support.js';

// A tiny study: softmax regression on 400 Fashion-MNIST images, 2 epochs, 4 trials.
const tiny = ['--model', 'softmax', '--limit', '400', '--epochs', '2', '--batch-size', '50', '--optimizer', 'sgd', '--schedule', 'constant', '--backend', 'cpu'];

describe('dl-train search', () => {
  it('searches in this process, writes the table and plot, and frees every tensor', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dl-search-'));
    const c = capture();
    const code = await searchCommand(['--space', 'lr=0.001..3:log', '--budget', '4', '--asha', '--out', out, ...tiny], c.stream);
    expect(code).toBe(0);
    expect(tf.memory().numTensors).toBe(0);
    expect(c.text()).toMatch(/trial 3:0 lr=[\d.e-]+ -> valLoss [\d.]+ \((done|stopped), [12] epochs, local\) \[4\]/);
    expect(c.text()).toMatch(/dl-train search: best lr=[\d.e-]+ valLoss [\d.]+ \(trial \d:0\); \d epochs run, of 8 for every trial to its last epoch/);
    const summary = JSON.parse(readFileSync(join(out, 'search.json'), 'utf8'));
    expect(summary.trials).toHaveLength(4);
    expect(Object.keys(summary.trials[0])).toEqual(['trial', 'lr', 'valLoss', 'epochs', 'worker', 'status']);
    expect(readFileSync(join(out, 'search.csv'), 'utf8').split('\n')[0]).toBe('trial,lr,valLoss,epochs,worker,status');
    const svg = readSvg(readFileSync(join(out, 'search.svg'), 'utf8'));
    expect(svg.dots).toBe(4); // one panel (lr), a dot per trial
    expect(svg.text).toMatch(/^4 trials, best [\d.]+\n/);
    expect(svg.text).toMatch(/^lr( \(log\))?( →)?$/m);
    expect(svg.text).toMatch(/^↑ valLoss$/m);
  });

  it('retries diverging trials at lr / 3, fails when every trial diverges, and frees every tensor on that path too', async () => {
    const c = capture();
    const r = await stderrOf(() => searchCommand(['--space', 'lr=1e38', '--strategy', 'grid', '--on-divergence', '--budget', '3', '--out', mkdtempSync(join(tmpdir(), 'dl-search-')), ...tiny], c.stream));
    expect(r.code).toBe(1);
    expect(tf.memory().numTensors).toBe(0);
    expect(c.text()).toMatch(/trial 0:2 lr=1\.111e\+37 -> valLoss NaN \(diverged, 1 epochs, local\) \[3\]/);
    expect(c.text()).toMatch(/best none \(every trial diverged\)/);
  });

  it('names the option for a space that cannot be sampled or a flag dl-train does not take', async () => {
    expect(() => parseSearchArgs([...tiny])).toThrow(/--space is needed/);
    expect(() => parseSearchArgs(['--space', 'lr=1..0'])).toThrow(/--space lr: a range needs numbers min <= max/);
    expect(() => parseSearchArgs(['--space', 'lr=0..1:log'])).toThrow(/--space lr: a log range needs min > 0/);
    expect(() => parseSearchArgs(['--space', 'widht=1,2'])).toThrow(/--space widht=1/);
    expect(() => parseSearchArgs(['--space', 'optimizer=sgd,adamm'])).toThrow(/--space optimizer=adamm: .*optimizer/);
    expect(() => parseSearchArgs(['--space', 'lr=0.1,1', '--queue', 'q'])).toThrow(/--queue, --study and --checkpoints need --redis/);
    expect(() => parseSearchArgs(['--space', 'lr=0.1,1', '--resume', 'x'])).toThrow(/--resume does not apply/);
    expect(parseSearchArgs(['--space', 'lr=1e-3..1:log', '--space', 'batch-size=32..128:int', '--space', 'optimizer=sgd,adam']).space).toEqual({
      lr: { min: 1e-3, max: 1, log: true }, 'batch-size': { min: 32, max: 128, integer: true }, optimizer: ['sgd', 'adam'],
    });
    const r = await stderrOf(() => searchCommand(['--space', 'lr=0.1,1', '--redis', 'redis://127.0.0.1:1', ...tiny], capture().stream));
    expect(r.code).toBe(1);
    expect(r.errors).toMatch(/dl-train search: --redis: queueExecutor: cannot reach Redis at redis redis:\/\/127.0.0.1:1/);
  });
});
