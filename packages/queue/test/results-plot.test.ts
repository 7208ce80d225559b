import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '@dl/train';
import { resultsPlot } from '../src/node.js';

const row = (index: number, lr: number, score: number, status: 'done' | 'stopped' | 'diverged'): TrialRecord<{ lr: number; opt: string }> => ({
  index, retry: 0, params: { lr, opt: 'sgd' }, score, diverged: status === 'diverged', outcome: { score }, status, epochs: 3, worker: 'w',
});

describe('resultsPlot', () => {
  it('draws the metric against each numeric parameter, coloured by status, log axis over wide ranges', () => {
    const svg = resultsPlot([row(0, 0.001, 0.9, 'done'), row(1, 0.1, 0.4, 'stopped'), row(2, 3, Number.NaN, 'diverged')], { metric: 'valLoss', title: 'study' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="320"/);
    expect(svg.match(/<circle cx/g)).toHaveLength(6); // 3 legend + 3 trials, one panel (opt is not numeric)
    expect(svg).toContain('lr (log)');
    expect(svg).toContain('trial 1:0 lr=0.1 valLoss=0.4 (stopped, 3 epochs)');
    expect(svg).toContain('fill="#d62728" fill-opacity');
    expect(() => resultsPlot(null as never)).toThrow(/resultsPlot: trials must be/);
  });
});
