import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { main } from '../src/main.js';
import { parsePretrainArgs, pickLabelled, summarizeRows } from '../src/pretrain.js';
import { capture, readSvg, stderrOf } from './support.js';

describe('dl-train pretrain', () => {
  it('parses its own flags and hands the training flags to dl-train', () => {
    const a = parsePretrainArgs(['--proxy', 'simclr,autoencoder', '--seeds', '0,1', '--labels', '100,all', '--budget', '500', '--pretrain-limit', '300', '--pretrain-epochs', '2', '--temperature', '0.2', '--margin', '3', '--ae-noise', '0.1', '--lr', '0.05', '--limit', '1000']);
    expect(a).toMatchObject({ proxies: ['simclr', 'autoencoder'], seeds: [0, 1], labels: [100, 'all'], budget: 500, pretrainLimit: 300, pretrainEpochs: 2, temperature: 0.2, margin: 3, aeNoise: 0.1 });
    expect(a.train).toMatchObject({ lr: 0.05, limit: 1000, model: 'cnn', out: 'reports/pretrain' });
    expect(parsePretrainArgs([])).toMatchObject({ proxies: ['autoencoder', 'contrastive', 'simclr'], seeds: [0], labels: [100, 1000, 'all'], budget: 10000, pretrainLimit: 20000, pretrainEpochs: 1, pretrainLr: 0.001, pretrainBatch: 256, margin: 1, temperature: 0.5, aeNoise: 0, probeLr: 0.003 });
  });

  it('names the flag of every mistake', () => {
    const bad: [string[], RegExp][] = [
      [['--proxy', 'rotation'], /--proxy takes distinct names of autoencoder, contrastive, simclr, got 'rotation'/],
      [['--proxy', 'simclr,simclr'], /--proxy takes distinct names/],
      [['--labels', '5'], /--labels must be an integer >= 10, got '5'/],
      [['--labels', 'all,all'], /--labels must not repeat a size/],
      [['--temperature', '0'], /--temperature must be a number > 0, got '0'/],
      [['--margin', '-1'], /--margin must be a number >= 0/],
      [['--pretrain-batch', '1'], /--pretrain-batch must be an integer >= 2/],
      [['--budget', 'x'], /--budget must be an integer >= 1, got 'x'/],
      [['--model', 'mlp'], /--model must be cnn \(the encoder is the cnn's\)/],
      [['--epochs', '3'], /--epochs does not apply/],
      [['--zoo', 'Bad Name'], /--zoo must be a name of lowercase letters/],
      [['--zoo', 'enc', '--seeds', '0,1'], /--zoo stores one encoder: give one --proxy, one --seeds and --labels with all/],
      [['--seeds'], /--seeds needs a value/],
    ];
    for (const [argv, re] of bad) expect(() => parsePretrainArgs(argv), argv.join(' ')).toThrow(re);
  });

  it('picks labelled images balanced over the classes, the same for a seed, every one for all', () => {
    const labels = Int32Array.from({ length: 100 }, (_, i) => i % 10);
    const a = pickLabelled(labels, 25, 3);
    expect(a.length).toBe(25);
    const counts = Array.from({ length: 10 }, (_, c) => Array.from(a).filter((i) => labels[i] === c).length);
    expect(counts).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2]);
    expect(new Set(a).size).toBe(25);
    expect(Array.from(pickLabelled(labels, 25, 3))).toEqual(Array.from(a));
    expect(Array.from(pickLabelled(labels, 25, 4))).not.toEqual(Array.from(a));
    expect(pickLabelled(labels, 'all', 0).length).toBe(100);
    expect(() => pickLabelled(labels, 200, 0)).toThrow(/--labels 200 needs 20 images of class 0, and the training images have 10/);
  });

  it('summarises mean and sample std per method, mode and label size', () => {
    const rows = [0.5, 0.7].map((accuracy, seed) => ({ method: 'simclr' as const, mode: 'probe' as const, labels: 100, seed, accuracy, seconds: 1 }));
    const [s] = summarizeRows(rows);
    expect(s).toMatchObject({ method: 'simclr', mode: 'probe', labels: 100, count: 2 });
    expect(s!.mean).toBeCloseTo(0.6, 12);
    expect(s!.std).toBeCloseTo(Math.sqrt(0.02), 12);
  });

  it('pre-trains every proxy, probes and fine-tunes, writes JSON, CSV and SVG, and frees every tensor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-pretrain-'));
    const out = capture();
    await useBackend('wasm');
    expect(await main(['pretrain', '--help'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/Usage: dl-train pretrain/);
    const before = tf.memory().numTensors;
    const code = await main(
      ['pretrain', '--backend', 'wasm', '--limit', '100', '--test-limit', '60', '--pretrain-limit', '64', '--pretrain-batch', '32', '--labels', '20,all', '--budget', '40', '--no-progress', '--out', dir],
      out.stream,
    );
    expect(code, out.text()).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.text()).toMatch(/proxies autoencoder, contrastive, simclr on 64 unlabelled Fashion-MNIST images/);
    expect(out.text()).toMatch(/\| method \| 20 labels \| all labels \|/);
    const report = JSON.parse(await readFile(join(dir, 'pretrain.json'), 'utf8'));
    expect(report.epochs).toEqual({ 20: 2, all: 1 });
    expect(report.proxyLosses.map((p: { proxy: string }) => p.proxy)).toEqual(['autoencoder', 'contrastive', 'simclr']);
    // scratch; the untrained probe; per proxy a probe and a fine-tuned net; at each of the 2 label sizes
    expect(report.results.length).toBe(2 * (1 + 1 + 3 * 2));
    expect(report.summary.map((r: { method: string; mode: string; labels: unknown }) => `${r.method}/${r.mode}/${r.labels}`).slice(0, 4)).toEqual(['scratch/train/20', 'scratch/train/all', 'random/probe/20', 'random/probe/all']);
    for (const r of report.results) expect(r.accuracy).toBeGreaterThanOrEqual(0);
    const csv = (await readFile(join(dir, 'pretrain.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('method,mode,labels,seed,accuracy,seconds');
    expect(csv.length).toBe(1 + 16);
    const svg = readSvg(await readFile(join(dir, 'pretrain.svg'), 'utf8'));
    expect(svg.series).toHaveLength(8); // scratch, the untrained probe, each proxy's probe and fine-tuned net: over 20 and all labels
    expect(svg.dots).toBe(16);
    expect(svg.text).toMatch(/all \(100\)[\s\S]*simclr, fine-tuned/);
  });

  it('a bad flag exits 2 with the usage, naming the flag, and makes no tensor', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const { code, errors } = await stderrOf(() => main(['pretrain', '--proxy', 'jigsaw'], capture().stream));
    expect(code).toBe(2);
    expect(errors).toMatch(/--proxy takes distinct names[\s\S]*Usage: dl-train pretrain/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
