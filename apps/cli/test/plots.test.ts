import { describe, expect, it } from 'vitest';
import type { EpochLog, TrialRecord } from '@dl/train';
import type { TransferabilityCurve, TransferSummaryRow } from '@dl/transfer';
import { curvesChart } from '../src/plot/curves.js';
import { pretrainChart } from '../src/plot/pretrain.js';
import type { PretrainPoint } from '../src/plot/pretrain.js';
import { searchChart } from '../src/plot/search.js';
import { chartSvg } from '../src/plot/svg.js';
import { transferabilityChart } from '../src/plot/transferability.js';
import { readSvg } from './support.js';

const texts = (root: Element, label: string) => Array.from(root.querySelectorAll(`g[aria-label="${label}"] text`)).map((t) => t.textContent);
const legend = (root: Element) => Array.from(root.querySelectorAll('g[aria-label="legend"] g[aria-label="text"] text')).map((t) => t.textContent);
const size = (root: Element) => [Number(root.getAttribute('width')), Number(root.getAttribute('height'))];

describe('charts drawn by Observable Plot as standalone SVG', () => {
  it('readSvg takes only a well-formed SVG document', () => {
    expect(() => readSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toThrow(/not well-formed XML/);
    expect(() => readSvg('<figure><svg xmlns="http://www.w3.org/2000/svg"></svg></figure>')).toThrow(/not an SVG document: <figure/);
    expect(() => readSvg('<svg><path d="M0,0L1,1"/></svg>')).toThrow(/not an SVG document/);
    expect(readSvg('<svg xmlns="http://www.w3.org/2000/svg"><g aria-label="line"><path d="M0,0L1,1"/><path d="M0,0Z"/></g></svg>').series).toEqual(['M0,0L1,1']);
  });

  const epochs: EpochLog[] = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.5 + 0.1 * epoch, valLoss: 1.2 / epoch, valAccuracy: 0.45 + 0.1 * epoch, lr: 0.1, steps: 10, seconds: 1, samplesPerSecond: 100 }));

  it('curves: loss and accuracy panels, a line and dots per series with figures, the title, the legend', () => {
    const svg = chartSvg(curvesChart(epochs, { title: 'dl-train mlp on fashion-mnist (wasm)' }));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    expect(svg).not.toMatch(/<figure|<div|<h2|<svg[\s\S]*<svg/); // one svg, no HTML
    const f = readSvg(svg);
    expect(size(f.root)).toEqual([760, 300]);
    expect(f.series).toHaveLength(4);
    expect(f.dots).toBe(4 * 3);
    expect(texts(f.root, 'title')).toEqual(['dl-train mlp on fashion-mnist (wasm)']);
    expect(texts(f.root, 'y-axis label')).toEqual(['↑ loss', '↑ accuracy']);
    expect(texts(f.root, 'x-axis label').map((t) => t?.replace(/ →$/, ''))).toEqual(['epoch', 'epoch']);
    expect(texts(f.root, 'x-axis tick label')).toEqual(['1', '2', '3', '1', '2', '3']);
    expect(legend(f.root)).toEqual(['loss', 'valLoss', 'accuracy', 'valAccuracy']);

    // Without a validation split: two series, and the legend names only them.
    const trainOnly = readSvg(chartSvg(curvesChart(epochs.map(({ valLoss: _l, valAccuracy: _a, ...e }) => e))));
    expect(trainOnly.series).toHaveLength(2);
    expect(legend(trainOnly.root)).toEqual(['loss', 'accuracy']);
    // No epoch (nothing left to resume): still a document, with no series.
    expect(readSvg(chartSvg(curvesChart([]))).series).toHaveLength(0);
  });

  it('transfer-curve: a line per mode with bars, base B as a rule, the legend', () => {
    const row = (kind: TransferSummaryRow['kind'], n: number, mean: number, std = 0.01): TransferSummaryRow => ({ kind, n, mean, std, count: 2 });
    const curve: TransferabilityCurve = { results: [], layerCount: 3, summary: [row('baseB', 0, 0.9), row('AnB', 1, 0.88), row('AnB+', 1, 0.91), row('AnB', 2, 0.8, 0), row('AnB+', 2, 0.9)] };
    const f = readSvg(chartSvg(transferabilityChart(curve, { title: 'fashion-mnist 0,1,2,3,4 → fashion-mnist 5,6,7,8,9: test accuracy on B' })));
    expect(size(f.root)).toEqual([640, 380]);
    expect(f.series).toHaveLength(2);
    expect(f.dots).toBe(4);
    const rules = Array.from(f.root.querySelectorAll('g[aria-label="rule"] line')).filter((l) => l.closest('g[aria-label="legend"]') === null);
    expect(rules).toHaveLength(1 + 3); // base B, and a bar per row with a spread
    expect(texts(f.root, 'title')).toEqual(['fashion-mnist 0,1,2,3,4 → fashion-mnist 5,6,7,8,9: test accuracy on B']);
    expect(texts(f.root, 'y-axis label')).toEqual(['↑ test accuracy on B']);
    expect(texts(f.root, 'x-axis label')[0]).toMatch(/^layers copied \(n\)/);
    expect(texts(f.root, 'x-axis tick label')).toEqual(['1', '2']);
    expect(legend(f.root)).toEqual(['AnB (frozen, transferred)', 'AnB+ (fine-tuned, transferred)', 'base B 0.900']);
  });

  it('pretrain: a line per method and mode on a log axis of labelled images, ticks naming the label sizes', () => {
    const summary: PretrainPoint[] = [];
    for (const [method, mode] of [['scratch', 'train'], ['random', 'probe'], ['simclr', 'probe'], ['simclr', 'fine-tune']] as const) {
      for (const [labels, mean] of [[20, 0.5], ['all', 0.7]] as const) summary.push({ method, mode, labels, mean: mean + summary.length / 100, std: labels === 20 ? 0.02 : 0 });
    }
    const f = readSvg(chartSvg(pretrainChart(summary, [20, 100], { title: 'Proxy-task pre-training on Fashion-MNIST (2 seeds)' })));
    expect(size(f.root)).toEqual([680, 400]);
    expect(f.series).toHaveLength(4);
    expect(f.dots).toBe(8);
    expect(texts(f.root, 'title')).toEqual(['Proxy-task pre-training on Fashion-MNIST (2 seeds)']);
    expect(texts(f.root, 'x-axis tick label')).toEqual(['20', 'all (100)']);
    expect(texts(f.root, 'x-axis label')[0]).toMatch(/^labelled training images \(log scale\)/);
    expect(texts(f.root, 'y-axis label')).toEqual(['↑ test accuracy']);
    expect(legend(f.root)).toEqual(['scratch', 'untrained encoder, probe', 'simclr, probe', 'simclr, fine-tuned']);
  });

  it('search: a panel per numeric parameter (log past a factor of 20), a dot per trial, diverged ones above the top', () => {
    const trial = (index: number, lr: number, momentum: number, score: number): TrialRecord<{ lr: number; momentum: number; optimizer: string }> => ({
      params: { lr, momentum, optimizer: 'sgd' }, score, diverged: !Number.isFinite(score), retry: 0, outcome: {} as never, index, status: Number.isFinite(score) ? (index === 1 ? 'stopped' : 'done') : 'diverged', epochs: 2, worker: 'local',
    });
    const trials = [trial(0, 0.001, 0.8, 0.6), trial(1, 0.01, 0.9, 0.7), trial(2, 0.1, 0.85, 0.4), trial(3, 3, 0.95, Number.NaN)];
    const f = readSvg(chartSvg(searchChart(trials, { metric: 'valLoss', title: '4 trials, best 0.4000' })));
    expect(size(f.root)).toEqual([2 * 320 + 120, 30 + 240]);
    expect(f.series).toHaveLength(0);
    expect(f.dots).toBe(2 * 4);
    expect(texts(f.root, 'x-axis label').map((t) => t?.replace(/ →$/, ''))).toEqual(['lr (log)', 'momentum']);
    expect(texts(f.root, 'y-axis label')).toEqual(['↑ valLoss', '↑ valLoss']);
    expect(texts(f.root, 'title')).toEqual(['4 trials, best 0.4000']);
    expect(legend(f.root)).toEqual(['done', 'stopped', 'diverged']);
    const tips = Array.from(f.root.querySelectorAll('g[aria-label="dot"] circle title')).map((t) => t.textContent);
    expect(tips).toContain('trial 3:0 lr=3 valLoss=NaN (diverged, 2 epochs)');
    // No numeric parameter: the legend and the title only, still a document.
    const none = readSvg(chartSvg(searchChart([{ ...trials[0]!, params: { optimizer: 'adam' } }], { metric: 'valLoss' })));
    expect(none.dots).toBe(0);
  });
});
